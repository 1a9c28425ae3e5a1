import Foundation

/// Elementwise functions. Each is a forward map plus its derivative, expressed in terms of
/// the input x and the output y (whichever is cheaper: exp' = y, tanh' = 1 - y²).
extension Tensor {
    /// Applies `f` to every element; `derivative(x, y)` is df/dx at input x with output y.
    @inline(__always)
    public func map(_ f: @escaping (Float) -> Float,
                    derivative: @escaping (_ x: Float, _ y: Float) -> Float) -> Tensor {
        let n = count
        var out = [Float](repeating: 0, count: n)
        data.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                Parallel.chunks(n) { r in for i in r { o[i] = f(x[i]) } }
            }
        }
        return Tensor.result(shape, out, [self]) { [self] out in
            let g = out.grad!, y = out.data
            g.withUnsafeBufferPointer { g in
                data.withUnsafeBufferPointer { x in
                    y.withUnsafeBufferPointer { y in
                        accumulateGrad { gx in
                            Parallel.chunks(n) { r in for i in r { gx[i] += g[i] * derivative(x[i], y[i]) } }
                        }
                    }
                }
            }
        }
    }

    public func exp() -> Tensor { map { Foundation.exp($0) } derivative: { _, y in y } }
    public func log() -> Tensor { map { Foundation.log($0) } derivative: { x, _ in 1 / x } }
    public func sqrt() -> Tensor { map { $0.squareRoot() } derivative: { _, y in 0.5 / y } }
    public func abs() -> Tensor { map { Swift.abs($0) } derivative: { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) } }

    /// x^p for a constant exponent p.
    public func pow(_ p: Float) -> Tensor {
        map { Foundation.pow($0, p) } derivative: { x, _ in p * Foundation.pow(x, p - 1) }
    }

    /// Limits values to [lo, hi]; the gradient passes only where the input was inside.
    public func clamp(min lo: Float = -.infinity, max hi: Float = .infinity) -> Tensor {
        map { Swift.min(Swift.max($0, lo), hi) } derivative: { x, _ in x >= lo && x <= hi ? 1 : 0 }
    }

    /// log σ(x) = -softplus(-x), computed without overflow for large |x|.
    public func logSigmoid() -> Tensor {
        map { x in Swift.min(x, 0) - Foundation.log1p(Foundation.exp(-Swift.abs(x))) }
            derivative: { x, _ in stableSigmoid(-x) }
    }

    /// log(1 + e^x), stable for large |x|.
    public func softplus() -> Tensor {
        map { x in Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x))) }
            derivative: { x, _ in stableSigmoid(x) }
    }

    public func tanh() -> Tensor { map { Foundation.tanh($0) } derivative: { _, y in 1 - y * y } }
    public func relu() -> Tensor { map { Swift.max($0, 0) } derivative: { x, _ in x > 0 ? 1 : 0 } }

    public func leakyRelu(slope: Float = 0.01) -> Tensor {
        map { $0 > 0 ? $0 : slope * $0 } derivative: { x, _ in x > 0 ? 1 : slope }
    }

    /// ELU with α = 1: x for x > 0, e^x - 1 otherwise.
    public func elu() -> Tensor {
        map { $0 > 0 ? $0 : Foundation.expm1($0) } derivative: { x, y in x > 0 ? 1 : y + 1 }
    }

    /// Swish / SiLU: x σ(x).
    public func silu() -> Tensor {
        map { $0 * stableSigmoid($0) } derivative: { x, _ in
            // 1 − σ(x) written as σ(−x), which does not cancel at large x.
            let s = stableSigmoid(x)
            return s * (1 + x * stableSigmoid(-x))
        }
    }
}
