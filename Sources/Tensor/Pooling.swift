/// Max and average pooling over the spatial dimensions of `[N, C, H, W]`.
extension Tensor {
    /// Max pooling. The backward pass routes each output gradient to the input position that
    /// won its window (the first maximum, as PyTorch does).
    public func maxPool2d(kernel: Spatial, stride: Spatial? = nil, padding: Spatial = 0) throws -> Tensor {
        let p = try PoolGeometry("maxPool2d", shape, kernel, stride ?? kernel, padding)
        var out = [Float](repeating: 0, count: p.planes * p.outSize)
        var winner = [Int32](repeating: 0, count: p.planes * p.outSize)
        data.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                winner.withUnsafeMutableBufferPointer { a in
                    Parallel.forEach(p.planes) { plane in
                        let src = x.baseAddress! + plane * p.inSize
                        if p.isHalving {
                            maxPoolHalving(src, p, into: o.baseAddress! + plane * p.outSize, winners: a.baseAddress! + plane * p.outSize)
                            return
                        }
                        for oy in 0..<p.outH {
                            for ox in 0..<p.outW {
                                var best = -Float.infinity, at = -1
                                p.forEachTap(oy, ox) { i in
                                    if src[i] > best || at < 0 { best = src[i]; at = i }
                                }
                                o[plane * p.outSize + oy * p.outW + ox] = best
                                a[plane * p.outSize + oy * p.outW + ox] = Int32(at)
                            }
                        }
                    }
                }
            }
        }
        return Tensor.result(p.outShape, out, [self]) { [self] out in
            out.grad!.withUnsafeBufferPointer { g in
                winner.withUnsafeBufferPointer { a in
                    accumulateGrad { gx in
                        Parallel.forEach(p.planes) { plane in
                            for j in 0..<p.outSize {
                                gx[plane * p.inSize + Int(a[plane * p.outSize + j])] += g[plane * p.outSize + j]
                            }
                        }
                    }
                }
            }
        }
    }

    /// Average pooling; padded positions count in the divisor (PyTorch's count_include_pad=True).
    public func avgPool2d(kernel: Spatial, stride: Spatial? = nil, padding: Spatial = 0) throws -> Tensor {
        let p = try PoolGeometry("avgPool2d", shape, kernel, stride ?? kernel, padding)
        let scale = 1 / Float(kernel.h * kernel.w)
        var out = [Float](repeating: 0, count: p.planes * p.outSize)
        data.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                Parallel.forEach(p.planes) { plane in
                    let src = x.baseAddress! + plane * p.inSize
                    for oy in 0..<p.outH {
                        for ox in 0..<p.outW {
                            var s: Float = 0
                            p.forEachTap(oy, ox) { s += src[$0] }
                            o[plane * p.outSize + oy * p.outW + ox] = s * scale
                        }
                    }
                }
            }
        }
        return Tensor.result(p.outShape, out, [self]) { [self] out in
            out.grad!.withUnsafeBufferPointer { g in
                accumulateGrad { gx in
                    Parallel.forEach(p.planes) { plane in
                        let dst = gx.baseAddress! + plane * p.inSize
                        for oy in 0..<p.outH {
                            for ox in 0..<p.outW {
                                let v = g[plane * p.outSize + oy * p.outW + ox] * scale
                                p.forEachTap(oy, ox) { dst[$0] += v }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Mean over H and W: `[N, C, H, W]` → `[N, C, 1, 1]`.
    public func globalAvgPool2d() throws -> Tensor {
        guard rank == 4 else { throw ShapeError("globalAvgPool2d", "needs [N, C, H, W], got \(show(shape))") }
        return try mean(axes: [2, 3], keepDims: true)
    }
}

/// The U-Net's 2x2, stride-2 max pool written out: the same first-maximum rule as the
/// general loop, without its per-tap closure.
private func maxPoolHalving(_ src: UnsafePointer<Float>, _ p: PoolGeometry,
                            into out: UnsafeMutablePointer<Float>, winners: UnsafeMutablePointer<Int32>) {
    for oy in 0..<p.outH {
        let top = 2 * oy * p.w
        for ox in 0..<p.outW {
            let i = top + 2 * ox
            var best = src[i], at = i
            if src[i + 1] > best { best = src[i + 1]; at = i + 1 }
            if src[i + p.w] > best { best = src[i + p.w]; at = i + p.w }
            if src[i + p.w + 1] > best { best = src[i + p.w + 1]; at = i + p.w + 1 }
            out[oy * p.outW + ox] = best
            winners[oy * p.outW + ox] = Int32(at)
        }
    }
}

struct PoolGeometry {
    let planes: Int, h: Int, w: Int
    let kernel: Spatial, stride: Spatial, padding: Spatial
    let outH: Int, outW: Int
    let outShape: [Int]
    var inSize: Int { h * w }
    var outSize: Int { outH * outW }
    var isHalving: Bool { kernel == 2 && stride == 2 && padding == 0 }

    init(_ op: String, _ shape: [Int], _ kernel: Spatial, _ stride: Spatial, _ padding: Spatial) throws {
        guard shape.count == 4 else { throw ShapeError(op, "needs [N, C, H, W], got \(show(shape))") }
        guard kernel.h > 0, kernel.w > 0, stride.h > 0, stride.w > 0,
              padding.h >= 0, padding.w >= 0, 2 * padding.h <= kernel.h, 2 * padding.w <= kernel.w else {
            throw ShapeError(op, "kernel \(kernel), stride \(stride), padding \(padding) are invalid (padding may be at most half the kernel)")
        }
        planes = shape[0] * shape[1]; h = shape[2]; w = shape[3]
        self.kernel = kernel; self.stride = stride; self.padding = padding
        outH = (h + 2 * padding.h - kernel.h) / stride.h + 1
        outW = (w + 2 * padding.w - kernel.w) / stride.w + 1
        guard h + 2 * padding.h >= kernel.h, w + 2 * padding.w >= kernel.w else {
            throw ShapeError(op, "a \(kernel.h)x\(kernel.w) window does not fit \(show(shape))")
        }
        outShape = [shape[0], shape[1], outH, outW]
    }

    /// Visits the in-bounds input offsets of output (oy, ox)'s window.
    @inline(__always)
    func forEachTap(_ oy: Int, _ ox: Int, _ body: (Int) -> Void) {
        let y0 = oy * stride.h - padding.h, x0 = ox * stride.w - padding.w
        for y in max(0, y0)..<min(h, y0 + kernel.h) {
            for x in max(0, x0)..<min(w, x0 + kernel.w) { body(y * w + x) }
        }
    }
}
