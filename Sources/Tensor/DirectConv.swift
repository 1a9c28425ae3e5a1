/// Direct kernels for depthwise convolutions: as many groups as input channels, one input
/// channel per group (the k×k convolution of MBConv blocks). Lowered to im2col + GEMM, every
/// group would be a product with a single k·k-long row, dominated by the lowering and the
/// call overhead; here each output plane is accumulated from its one input plane, one kernel
/// tap at a time, over contiguous output rows. Work is split over (image, channel) planes,
/// so no two threads write the same memory and the results do not depend on the thread count.
struct DepthwiseConv {
    let images: Int
    /// Input channels; output channel o reads input channel o / multiplier.
    let channels: Int
    let multiplier: Int
    /// Plane-space geometry of one channel (`g.channels` is 1).
    let g: ConvGeometry

    var outChannels: Int { channels * multiplier }
    var taps: Int { g.kh * g.kw }

    /// out[n, o] += Σ over taps of w[o, tap] · x[n, o / multiplier] shifted by the tap.
    func forward(_ x: UnsafeBufferPointer<Float>, _ w: UnsafeBufferPointer<Float>,
                 into out: UnsafeMutableBufferPointer<Float>) {
        Parallel.forEach(images * outChannels) { p in
            let (n, o) = (p / outChannels, p % outChannels)
            let src = x.baseAddress! + (n * channels + o / multiplier) * g.planeSize
            let dst = out.baseAddress! + p * g.columns
            let weights = w.baseAddress! + o * taps
            for oy in 0..<g.outH {
                forEachTapRun(outputRow: oy) { tap, iy, ox0, length, ix0 in
                    let wv = weights[tap]
                    let a = src + iy * g.width + ix0
                    let d = dst + oy * g.outW + ox0
                    if g.sw == 1 {
                        for j in 0..<length { d[j] += wv * a[j] }
                    } else {
                        for j in 0..<length { d[j] += wv * a[j * g.sw] }
                    }
                }
            }
        }
    }

    /// dx[n, c] += Σ over c's output channels and taps of w[o, tap] · dy[n, o] shifted back.
    func inputGradient(_ dy: UnsafeBufferPointer<Float>, _ w: UnsafeBufferPointer<Float>,
                       into dx: UnsafeMutablePointer<Float>) {
        Parallel.forEach(images * channels) { p in
            let (n, c) = (p / channels, p % channels)
            let dst = dx + p * g.planeSize
            for o in (c * multiplier)..<((c + 1) * multiplier) {
                let src = dy.baseAddress! + (n * outChannels + o) * g.columns
                let weights = w.baseAddress! + o * taps
                for oy in 0..<g.outH {
                    forEachTapRun(outputRow: oy) { tap, iy, ox0, length, ix0 in
                        let wv = weights[tap]
                        let a = src + oy * g.outW + ox0
                        let d = dst + iy * g.width + ix0
                        if g.sw == 1 {
                            for j in 0..<length { d[j] += wv * a[j] }
                        } else {
                            for j in 0..<length { d[j * g.sw] += wv * a[j] }
                        }
                    }
                }
            }
        }
    }

    /// dw[o, tap] += Σ over images and output pixels of dy[n, o] · x[n, o / multiplier] shifted by the tap.
    /// Each plane sums into per-tap row accumulators (elementwise, so the loop vectorizes),
    /// reduced once per plane; the images' partial sums are then added in image order.
    func weightGradient(_ x: UnsafeBufferPointer<Float>, _ dy: UnsafeBufferPointer<Float>,
                        into dw: UnsafeMutablePointer<Float>) {
        let perImage = outChannels * taps
        let partial = UnsafeMutablePointer<Float>.allocate(capacity: images * perImage)
        defer { partial.deallocate() }
        Parallel.forEach(images * outChannels) { p in
            let (n, o) = (p / outChannels, p % outChannels)
            let src = x.baseAddress! + (n * channels + o / multiplier) * g.planeSize
            let grad = dy.baseAddress! + p * g.columns
            let rows = UnsafeMutablePointer<Float>.allocate(capacity: taps * g.outW)
            defer { rows.deallocate() }
            rows.initialize(repeating: 0, count: taps * g.outW)
            for oy in 0..<g.outH {
                forEachTapRun(outputRow: oy) { tap, iy, ox0, length, ix0 in
                    let r = rows + tap * g.outW + ox0
                    let a = grad + oy * g.outW + ox0
                    let b = src + iy * g.width + ix0
                    if g.sw == 1 {
                        for j in 0..<length { r[j] += a[j] * b[j] }
                    } else {
                        for j in 0..<length { r[j] += a[j] * b[j * g.sw] }
                    }
                }
            }
            for tap in 0..<taps {
                var sum: Double = 0
                for j in 0..<g.outW { sum += Double(rows[tap * g.outW + j]) }
                partial[p * taps + tap] = Float(sum)
            }
        }
        for n in 0..<images {
            let part = partial + n * perImage
            for i in 0..<perImage { dw[i] += part[i] }
        }
    }

    /// For output row `oy`, calls `body` once per kernel tap whose input row lies inside the
    /// image, with the run of output columns whose input columns do too: the tap index, the
    /// input row, the first output column, the run length and the input column of its first
    /// element (consecutive outputs step `g.sw` input columns).
    @inline(__always)
    private func forEachTapRun(outputRow oy: Int,
                               _ body: (_ tap: Int, _ iy: Int, _ ox0: Int, _ length: Int, _ ix0: Int) -> Void) {
        for ky in 0..<g.kh {
            let iy = oy * g.sh - g.ph + ky * g.dh
            guard iy >= 0 && iy < g.height else { continue }
            for kx in 0..<g.kw {
                // Input column of output column ox: ox·sw + shift.
                let shift = kx * g.dw - g.pw
                let ox0 = shift >= 0 ? 0 : (-shift + g.sw - 1) / g.sw
                let ox1 = g.width - 1 - shift < 0 ? 0 : min(g.outW, (g.width - 1 - shift) / g.sw + 1)
                if ox0 < ox1 { body(ky * g.kw + kx, iy, ox0, ox1 - ox0, ox0 * g.sw + shift) }
            }
        }
    }
}

extension Tensor {
    /// The depthwise case of `conv2d`, entered after its shape checks: `self` is [N, C, H, W],
    /// `weight` [C·m, 1, kh, kw], `bias` nil or [C·m].
    func depthwiseConv2d(_ weight: Tensor, bias: Tensor?, geometry g: ConvGeometry) -> Tensor {
        let x = self
        let (n, c) = (x.shape[0], x.shape[1])
        let kernel = DepthwiseConv(images: n, channels: c, multiplier: weight.shape[0] / c, g: g)
        let (xs, ws, ys) = (x.count, weight.count, n * kernel.outChannels * g.columns)
        return Tensor.convolution(x, weight, bias, outputShape: [n, kernel.outChannels, g.outH, g.outW]) { px, pw, po in
            kernel.forward(UnsafeBufferPointer(start: px, count: xs), UnsafeBufferPointer(start: pw, count: ws),
                           into: UnsafeMutableBufferPointer(start: po, count: ys))
        } backward: { pdy, px, pw, gw, gx in
            let dy = UnsafeBufferPointer(start: pdy, count: ys)
            if let gw {
                kernel.weightGradient(UnsafeBufferPointer(start: px, count: xs), dy, into: gw)
            }
            if let gx {
                kernel.inputGradient(dy, UnsafeBufferPointer(start: pw, count: ws), into: gx)
            }
        }
    }
}
