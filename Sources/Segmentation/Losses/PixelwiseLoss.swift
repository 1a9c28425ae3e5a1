import Foundation
import Tensor

/// The mean over every pixel of ℓ(x, t), with ℓ and dℓ/dx computed together in one fused,
/// parallel pass: what BCE and focal loss are, and where a chain of elementwise tensor
/// operations would cost several passes forward and as many backward.
///
/// `Tensor` has no public hook for a custom pullback, so when a gradient is wanted the
/// result joins the graph as the linear function Σ gᵢxᵢ + (L − Σ gᵢxᵢ), with g = dL/dx held
/// constant: its value is L and its gradient is g, which is all a backward pass needs.
/// The tests check the gradient against PyTorch and against finite differences.
func meanPixelLoss(_ batch: LossBatch,
                   _ kernel: (_ x: Float, _ t: Float) -> (loss: Float, slope: Float)) throws -> Tensor {
    let x = batch.logits, n = x.count
    let wantsGradient = Autograd.isEnabled && x.requiresGrad
    var slopes = [Float](repeating: 0, count: wantsGradient ? n : 0)
    let parts = Swift.max(1, Swift.min(Parallel.available, n / 16_384))
    var partialSums = [Double](repeating: 0, count: parts)
    x.data.withUnsafeBufferPointer { logits in
        batch.target.data.withUnsafeBufferPointer { target in
            slopes.withUnsafeMutableBufferPointer { slope in
                partialSums.withUnsafeMutableBufferPointer { partial in
                    let step = (n + parts - 1) / parts, scale = 1 / Float(n)
                    Parallel.forEach(parts) { part in
                        var sum = 0.0
                        for i in part * step..<Swift.min(n, (part + 1) * step) {
                            let (loss, dx) = kernel(logits[i], target[i])
                            sum += Double(loss)
                            if wantsGradient { slope[i] = dx * scale }
                        }
                        partial[part] = sum
                    }
                }
            }
        }
    }
    let mean = Float(partialSums.reduce(0, +) / Double(n))
    guard wantsGradient else { return Tensor(mean) }
    let linear = try (x * Tensor(shape: x.shape, data: slopes)).sum()
    return linear + (mean - linear.item)
}

/// The logistic quantities of one logit, from a single exp and a single log1p: every
/// softplus and σ below is exact for any x, with e^x only ever taken of a non-positive number.
struct Logistic {
    let x: Float
    /// e^−|x|.
    private let decay: Float
    /// log(1 + e^−|x|).
    private let tail: Float

    @inline(__always)
    init(_ x: Float) {
        self.x = x
        decay = exp(-Swift.abs(x))
        tail = log1p(decay)
    }

    private init(x: Float, decay: Float, tail: Float) {
        self.x = x
        self.decay = decay
        self.tail = tail
    }

    /// The same quantities for −x, at no cost.
    var negated: Logistic { Logistic(x: -x, decay: decay, tail: tail) }

    /// log(1 + e^x).
    var softplus: Float { Swift.max(x, 0) + tail }
    /// log(1 + e^−x).
    var softplusOfNegated: Float { Swift.max(-x, 0) + tail }
    /// σ(x).
    var sigmoid: Float { x >= 0 ? 1 / (1 + decay) : decay / (1 + decay) }
    /// σ(−x) = 1 − σ(x), without the cancellation.
    var sigmoidOfNegated: Float { x >= 0 ? decay / (1 + decay) : 1 / (1 + decay) }
}
