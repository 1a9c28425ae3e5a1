/// Resizing of `[N, C, H, W]` with PyTorch's `interpolate` semantics.
public enum UpsampleMode: String, Sendable, CaseIterable {
    /// src = floor(dst · in/out)
    case nearest
    /// align_corners=False: src = (dst + 0.5) · in/out − 0.5, clamped at 0.
    case bilinear
}

extension Tensor {
    public func upsampled(scale: Int, mode: UpsampleMode = .nearest) throws -> Tensor {
        guard rank == 4, scale >= 1 else { throw ShapeError("upsample", "needs [N, C, H, W] and scale ≥ 1, got \(show(shape)), scale \(scale)") }
        return try upsampled(height: shape[2] * scale, width: shape[3] * scale, mode: mode)
    }

    public func upsampled(height: Int, width: Int, mode: UpsampleMode = .nearest) throws -> Tensor {
        guard rank == 4, height > 0, width > 0 else {
            throw ShapeError("upsample", "needs [N, C, H, W] and a positive size, got \(show(shape)) to \(height)x\(width)")
        }
        let (planes, h, w) = (shape[0] * shape[1], shape[2], shape[3])
        let rows = interpolationTaps(from: h, to: height, mode)
        let cols = interpolationTaps(from: w, to: width, mode)
        var out = [Float](repeating: 0, count: planes * height * width)
        data.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                Parallel.forEach(planes) { p in
                    let src = x.baseAddress! + p * h * w, dst = o.baseAddress! + p * height * width
                    for (oy, r) in rows.enumerated() {
                        for (ox, c) in cols.enumerated() {
                            dst[oy * width + ox] =
                                (1 - r.t) * ((1 - c.t) * src[r.i0 * w + c.i0] + c.t * src[r.i0 * w + c.i1]) +
                                r.t * ((1 - c.t) * src[r.i1 * w + c.i0] + c.t * src[r.i1 * w + c.i1])
                        }
                    }
                }
            }
        }
        return Tensor.result([shape[0], shape[1], height, width], out, [self]) { [self] out in
            out.grad!.withUnsafeBufferPointer { g in
                accumulateGrad { gx in
                    Parallel.forEach(planes) { p in
                        let dst = gx.baseAddress! + p * h * w, src = g.baseAddress! + p * height * width
                        for (oy, r) in rows.enumerated() {
                            for (ox, c) in cols.enumerated() {
                                let v = src[oy * width + ox]
                                dst[r.i0 * w + c.i0] += (1 - r.t) * (1 - c.t) * v
                                dst[r.i0 * w + c.i1] += (1 - r.t) * c.t * v
                                dst[r.i1 * w + c.i0] += r.t * (1 - c.t) * v
                                dst[r.i1 * w + c.i1] += r.t * c.t * v
                            }
                        }
                    }
                }
            }
        }
    }
}

/// For each output index: the two input indices it reads and the weight of the second.
/// Nearest reads one index (weight 0 on the second).
func interpolationTaps(from n: Int, to m: Int, _ mode: UpsampleMode) -> [(i0: Int, i1: Int, t: Float)] {
    let scale = Float(n) / Float(m)
    return (0..<m).map { d in
        switch mode {
        case .nearest:
            let i = min(Int((Float(d) * scale).rounded(.down)), n - 1)
            return (i, i, 0)
        case .bilinear:
            let src = max(0, (Float(d) + 0.5) * scale - 0.5)
            let i0 = min(Int(src), n - 1)
            let i1 = min(i0 + 1, n - 1)
            return (i0, i1, src - Float(i0))
        }
    }
}
