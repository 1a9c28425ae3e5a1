import Testing
import Core
import Tensor

/// Compares reverse-mode gradients with central finite differences.
/// The scalar probed is Σ rᵢ yᵢ with fixed random weights r, accumulated in Float64, so
/// every output element's gradient is exercised and rounding stays small.
func checkGradients(_ inputs: [Tensor], eps: Float = 1e-2, tolerance: Double = 1e-2,
                    sourceLocation: SourceLocation = #_sourceLocation,
                    _ f: ([Tensor]) throws -> Tensor) throws {
    for t in inputs { t.requiresGrad = true; t.grad = nil }
    let y = try f(inputs)
    var rng = SeededGenerator(seed: 99)
    let r = (0..<y.count).map { _ in Float(rng.uniform(-1, 1)) }
    try (y * Tensor(shape: y.shape, data: r)).sum().backward()

    func probe() throws -> Double {
        let y = try Autograd.withoutGradients { try f(inputs) }
        return zip(y.data, r).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }
    for (k, t) in inputs.enumerated() {
        let analytic = t.grad ?? [Float](repeating: 0, count: t.count)
        for j in 0..<t.count {
            let saved = t.data[j]
            t.data[j] = saved + eps
            let up = try probe()
            t.data[j] = saved - eps
            let down = try probe()
            t.data[j] = saved
            let numeric = (up - down) / Double(2 * eps)
            let a = Double(analytic[j])
            #expect(abs(a - numeric) <= tolerance * max(1, abs(numeric)),
                    "input \(k) element \(j) of \(t.count): analytic \(a) vs numeric \(numeric)", sourceLocation: sourceLocation)
        }
    }
}

/// A tensor of seeded uniform values in [lo, hi).
func randomTensor(_ shape: [Int], seed: UInt64, _ lo: Double = -1, _ hi: Double = 1) -> Tensor {
    var rng = SeededGenerator(seed: seed)
    return Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in Float(rng.uniform(lo, hi)) })
}
