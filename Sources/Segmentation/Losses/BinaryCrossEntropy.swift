import Foundation
import Tensor

/// Binary cross-entropy on logits, averaged over every pixel of the batch (PyTorch's
/// `BCEWithLogitsLoss`, smp's `SoftBCEWithLogitsLoss`).
///
/// Per pixel, with t the (smoothed) target and w the positive weight:
/// ℓ = (1 − t)·x + (1 + (w − 1)·t)·softplus(−x), which for w = 1 is the stable
/// max(x, 0) − x·t + log1p(e^−|x|). It never forms σ(x), so confident logits neither
/// overflow nor lose their gradient. An empty mask is not special: every pixel is a
/// negative and the loss pulls all logits down.
public struct BinaryCrossEntropy: Loss, Sendable {
    /// Weight of the positive term (PyTorch's `pos_weight`); above 1 favours recall.
    public var positiveWeight: Float
    /// Label smoothing s (smp's `smooth_factor`): targets become t(1 − s) + (1 − t)s.
    public var smoothing: Float

    public init(positiveWeight: Float = 1, smoothing: Float = 0) {
        self.positiveWeight = positiveWeight
        self.smoothing = smoothing
    }

    public func evaluate(_ batch: LossBatch) throws -> Tensor {
        let x = batch.logits
        let s = smoothing, w = positiveWeight
        let t = batch.target.data.map { $0 * (1 - s) + (1 - $0) * s }
        let negativeCoefficient = Tensor(shape: x.shape, data: t.map { 1 - $0 })
        let positiveCoefficient = Tensor(shape: x.shape, data: t.map { 1 + (w - 1) * $0 })
        let softplusOfNegated = x.map({ x in Swift.max(-x, 0) + log1p(exp(-Swift.abs(x))) },
                                      derivative: { x, _ in -stableSigmoid(-x) })
        return try (x * negativeCoefficient + positiveCoefficient * softplusOfNegated).mean()
    }

    public var description: String {
        var syntax = LossSyntax("bce")
        syntax.add("pos_weight", positiveWeight, standard: 1)
        syntax.add("smoothing", smoothing, standard: 0)
        return syntax.text
    }
}
