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
    let parts = Swift.max(1, Swift.min(Parallel.threadCount, n / 16_384))
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
