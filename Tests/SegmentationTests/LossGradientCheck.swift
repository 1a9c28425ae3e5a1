import Core
import Segmentation
import Tensor
import Testing

/// Compares a loss's gradient with respect to the logits against central finite differences
/// of its value, element by element: |analytic − numeric| ≤ absolute·max(1, |loss|) +
/// relative·|numeric| (Float rounding of the loss grows with its value).
func checkLossGradient(_ loss: any Loss, logits: Tensor, target: Tensor, eps: Float,
                       absolute: Double = 2e-5, relative: Double = 2e-3,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
    let x = Tensor(shape: logits.shape, data: logits.data, requiresGrad: true)
    let value = try loss(x, target)
    if value.requiresGrad { try value.backward() }
    let analytic = x.grad ?? [Float](repeating: 0, count: x.count)
    let allowance = absolute * max(1, abs(Double(value.item)))
    let probe = Tensor(shape: logits.shape, data: logits.data)
    func evaluate() throws -> Double { Double(try Autograd.withoutGradients { try loss(probe, target) }.item) }
    for j in 0..<probe.count {
        let saved = probe.data[j]
        probe.data[j] = saved + eps
        let up = try evaluate()
        probe.data[j] = saved - eps
        let down = try evaluate()
        probe.data[j] = saved
        let numeric = (up - down) / Double(2 * eps)
        #expect(abs(Double(analytic[j]) - numeric) <= allowance + relative * abs(numeric),
                "\(loss) element \(j): analytic \(analytic[j]) vs numeric \(numeric)", sourceLocation: sourceLocation)
    }
}

/// Seeded uniform logits in [lo, hi).
func seededLogits(_ shape: [Int], seed: UInt64, _ lo: Double = -3, _ hi: Double = 3) -> Tensor {
    var rng = SeededGenerator(seed: seed)
    return Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in Float(rng.uniform(lo, hi)) })
}

/// A seeded 0/1 target batch of `shape`; images listed in `empty` have no positive pixel.
func seededMask(_ shape: [Int], seed: UInt64, positiveRate: Double = 0.3, empty: Set<Int> = []) -> Tensor {
    var rng = SeededGenerator(seed: seed)
    let perImage = shape.dropFirst().reduce(1, *)
    return Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { i in
        let bit: Float = rng.chance(positiveRate) ? 1 : 0
        return empty.contains(i / perImage) ? 0 : bit
    })
}
