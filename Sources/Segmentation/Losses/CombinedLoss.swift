import Tensor

/// A weighted sum of losses, such as `3*bce + dice + 4*focal(gamma=2)` (the first-place
/// SIIM combination). The arithmetic operators on losses build it, and keep it flat: a sum
/// of sums, or a weight times a sum, becomes one list of weighted terms.
public struct CombinedLoss: Loss {
    public private(set) var terms: [(weight: Float, loss: any Loss)]

    public init(_ terms: [(weight: Float, loss: any Loss)]) {
        self.terms = terms.flatMap { term -> [(weight: Float, loss: any Loss)] in
            guard let inner = term.loss as? CombinedLoss else { return [term] }
            return inner.terms.map { (term.weight * $0.weight, $0.loss) }
        }
    }

    public func evaluate(_ batch: LossBatch) throws -> Tensor {
        guard var total = try terms.first.map({ try $0.weight * $0.loss.evaluate(batch) }) else {
            throw ShapeError("loss", "a combined loss needs at least one term")
        }
        for term in terms.dropFirst() {
            total = try total + term.weight * term.loss.evaluate(batch)
        }
        return total
    }

    /// `3*bce + dice - 0.5*jaccard`: weights of 1 are left out, negative weights subtract.
    public var description: String {
        var text = ""
        for (k, term) in terms.enumerated() {
            let magnitude = Swift.abs(term.weight)
            let sign = term.weight < 0 ? (k == 0 ? "-" : " - ") : (k == 0 ? "" : " + ")
            let factor = magnitude == 1 ? "" : "\(formatNumber(magnitude))*"
            text += sign + factor + term.loss.description
        }
        return text
    }
}

public func + (a: any Loss, b: any Loss) -> CombinedLoss { CombinedLoss([(1, a), (1, b)]) }
public func - (a: any Loss, b: any Loss) -> CombinedLoss { CombinedLoss([(1, a), (-1, b)]) }
public func * (weight: Float, loss: any Loss) -> CombinedLoss { CombinedLoss([(weight, loss)]) }
public func * (loss: any Loss, weight: Float) -> CombinedLoss { CombinedLoss([(weight, loss)]) }
public func / (loss: any Loss, divisor: Float) -> CombinedLoss { CombinedLoss([(1 / divisor, loss)]) }
public prefix func - (loss: any Loss) -> CombinedLoss { CombinedLoss([(-1, loss)]) }
