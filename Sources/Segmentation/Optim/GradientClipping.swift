import Tensor

/// Scales the gradients of `parameters` so that their global L2 norm is at most `maxNorm`, as
/// `torch.nn.utils.clip_grad_norm_`: with N the norm over all gradients together, every gradient
/// is multiplied by min(1, maxNorm / (N + 1e-6)). Parameters without a gradient are ignored.
/// Returns N, the norm before clipping (infinite or NaN when a gradient is, which the caller
/// should treat as a failed step).
@discardableResult
public func clipGradientNorm(_ parameters: [Tensor], maxNorm: Double) -> Double {
    var squares = 0.0
    for p in parameters {
        p.grad?.withUnsafeBufferPointer { g in
            for x in g { squares += Double(x) * Double(x) }
        }
    }
    let norm = squares.squareRoot()
    let scale = maxNorm / (norm + 1e-6)
    if scale < 1 {
        let factor = Float(scale)
        for p in parameters {
            p.grad?.withUnsafeMutableBufferPointer { g in
                for i in g.indices { g[i] *= factor }
            }
        }
    }
    return norm
}
