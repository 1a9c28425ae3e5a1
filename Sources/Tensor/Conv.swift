/// A (height, width) pair for kernels, strides, padding and dilation; an integer literal sets both.
public struct Spatial: Equatable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public var h: Int
    public var w: Int
    public init(_ h: Int, _ w: Int) { self.h = h; self.w = w }
    public init(integerLiteral v: Int) { self.init(v, v) }
    public var description: String { h == w ? "\(h)" : "(\(h), \(w))" }
}

/// 2-D convolution and transposed convolution with PyTorch's semantics and weight layouts:
/// conv weight `[out, in/groups, kh, kw]`, transposed-conv weight `[in, out/groups, kh, kw]`.
extension Tensor {
    public func conv2d(_ weight: Tensor, bias: Tensor? = nil, stride: Spatial = 1, padding: Spatial = 0,
                       dilation: Spatial = 1, groups: Int = 1) throws -> Tensor {
        let x = self
        let g = try conv2dGeometry(weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
        let (n, c, o) = (x.shape[0], x.shape[1], weight.shape[0])
        // Depthwise (one input channel per group): a direct kernel, because each group's
        // im2col + GEMM would be a one-row product costing more than the lowering saves.
        if groups == c && groups > 1 { return x.depthwiseConv2d(weight, bias: bias, geometry: g) }
        if let winograd = WinogradConv(images: n, inChannels: c, outChannels: o, groups: groups, g) {
            // In inference the weights stay put from batch to batch, so their transform is kept
            // with them; in training (a tape, or a checkpointed stage) they change at every step.
            let u = Autograd.isEnabled || Checkpoint.isActive ? winograd.transformedWeight(weight)
                : weight.memoized("winograd") { winograd.transformedWeight(weight) }
            return Tensor.convolution(x, weight, bias, outputShape: [n, o, g.outH, g.outW], forwardWritesAll: true) { px, _, po in
                winograd.forward(px, u, into: po)
            } backward: { pdy, px, pw, gw, gx in
                if let gx { winograd.inputGradient(pdy, pw, into: gx) }
                if let gw { winograd.weightGradient(px, pdy, into: gw) }
            }
        }
        let driver = ConvDriver(images: n, groups: groups, outPerGroup: o / groups, g: g)
        return Tensor.convolution(x, weight, bias, outputShape: [n, o, g.outH, g.outW]) { px, pw, po in
            driver.run(plane: px, csIn: nil, weight: pw, csOut: po, dWeight: nil, planeOut: nil)
        } backward: { pdy, px, pw, gw, gx in
            driver.run(plane: gw == nil ? nil : px, csIn: pdy, weight: pw, csOut: nil, dWeight: gw, planeOut: gx)
        }
    }

    /// The plane-space geometry of `conv2d`, after checking that its operands fit.
    func conv2dGeometry(_ weight: Tensor, bias: Tensor?, stride: Spatial, padding: Spatial, dilation: Spatial,
                        groups: Int) throws -> ConvGeometry {
        guard rank == 4, weight.rank == 4, groups >= 1,
              shape[1] == weight.shape[1] * groups, weight.shape[0] % groups == 0 else {
            throw ShapeError("conv2d", "input \(show(shape)) and weight \(show(weight.shape)) do not fit with groups=\(groups) (weight is [out, in/groups, kh, kw])")
        }
        try checkBias(bias, weight.shape[0], "conv2d")
        return try geometry("conv2d", channels: shape[1] / groups, height: shape[2], width: shape[3],
                            kernel: Spatial(weight.shape[2], weight.shape[3]), stride, padding, dilation)
    }

    public func convTranspose2d(_ weight: Tensor, bias: Tensor? = nil, stride: Spatial = 1, padding: Spatial = 0,
                                outputPadding: Spatial = 0, dilation: Spatial = 1, groups: Int = 1) throws -> Tensor {
        let x = self
        guard x.rank == 4, weight.rank == 4, groups >= 1,
              x.shape[1] == weight.shape[0], weight.shape[0] % groups == 0 else {
            throw ShapeError("convTranspose2d", "input \(show(x.shape)) and weight \(show(weight.shape)) do not fit with groups=\(groups) (weight is [in, out/groups, kh, kw])")
        }
        guard outputPadding.h >= 0, outputPadding.w >= 0,
              outputPadding.h < max(stride.h, dilation.h), outputPadding.w < max(stride.w, dilation.w) else {
            throw ShapeError("convTranspose2d", "output padding \(outputPadding) must be smaller than the stride or the dilation")
        }
        let (n, cin, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (kh, kw) = (weight.shape[2], weight.shape[3])
        let cout = weight.shape[1] * groups
        let oh = (h - 1) * stride.h - 2 * padding.h + dilation.h * (kh - 1) + outputPadding.h + 1
        let ow = (w - 1) * stride.w - 2 * padding.w + dilation.w * (kw - 1) + outputPadding.w + 1
        guard oh > 0, ow > 0 else {
            throw ShapeError("convTranspose2d", "output would be \(oh)x\(ow) for input \(show(x.shape))")
        }
        try checkBias(bias, cout, "convTranspose2d")
        // The transposed convolution's output is the plane space of the convolution it inverts.
        let g = ConvGeometry(channels: cout / groups, height: oh, width: ow, kh: kh, kw: kw,
                             sh: stride.h, sw: stride.w, ph: padding.h, pw: padding.w,
                             dh: dilation.h, dw: dilation.w, outH: h, outW: w)
        let driver = ConvDriver(images: n, groups: groups, outPerGroup: cin / groups, g: g)
        return Tensor.convolution(x, weight, bias, outputShape: [n, cout, oh, ow]) { px, pw, po in
            driver.run(plane: nil, csIn: px, weight: pw, csOut: nil, dWeight: nil, planeOut: po)
        } backward: { pdy, px, pw, gw, gx in
            driver.run(plane: pdy, csIn: px, weight: pw, csOut: gx, dWeight: gw, planeOut: nil)
        }
    }

    /// The shared frame of every convolution: the output (bias planes first, then `forward`
    /// adds into it; or, with `forwardWritesAll`, `forward` writes every element of an
    /// uninitialized output and the bias is added after), and a pullback that takes the bias
    /// gradient itself and gives `backward` the output gradient, the input, the weight and the
    /// gradient pointers of whichever of weight and input need one (nil for the other).
    static func convolution(
        _ x: Tensor, _ weight: Tensor, _ bias: Tensor?, outputShape: [Int], forwardWritesAll: Bool = false,
        forward: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void,
        backward: @escaping (_ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
                             _ gw: UnsafeMutablePointer<Float>?, _ gx: UnsafeMutablePointer<Float>?) -> Void
    ) -> Tensor {
        let planes = outputShape[0] * outputShape[1], size = outputShape[2] * outputShape[3]
        func run(_ po: UnsafeMutablePointer<Float>) {
            x.data.withUnsafeBufferPointer { px in
                weight.data.withUnsafeBufferPointer { pw in forward(px.baseAddress!, pw.baseAddress!, po) }
            }
        }
        var out: [Float]
        if forwardWritesAll {
            out = [Float](unsafeUninitializedCapacity: planes * size) { po, initialized in
                run(po.baseAddress!)
                initialized = planes * size
            }
            if let bias { addPlanes(&out, bias.data, planes: planes, size: size) }
        } else {
            out = [Float](repeating: 0, count: planes * size)
            if let bias { fillPlanes(&out, bias.data, planes: planes, size: size) }
            out.withUnsafeMutableBufferPointer { run($0.baseAddress!) }
        }
        let inputs = [x, weight] + (bias.map { [$0] } ?? [])
        return result(outputShape, out, inputs) { out in
            let dy = out.grad!
            if let bias, bias.requiresGrad { accumulatePlaneSums(dy, into: bias, planes: planes, size: size) }
            guard x.requiresGrad || weight.requiresGrad else { return }
            dy.withUnsafeBufferPointer { pdy in
                x.data.withUnsafeBufferPointer { px in
                    weight.data.withUnsafeBufferPointer { pw in
                        withGradPointers(weight, x) { gw, gx in
                            backward(pdy.baseAddress!, px.baseAddress!, pw.baseAddress!, gw, gx)
                        }
                    }
                }
            }
        }
    }
}

private func geometry(_ op: String, channels: Int, height: Int, width: Int, kernel: Spatial,
                      _ stride: Spatial, _ padding: Spatial, _ dilation: Spatial) throws -> ConvGeometry {
    guard stride.h > 0, stride.w > 0, dilation.h > 0, dilation.w > 0, padding.h >= 0, padding.w >= 0 else {
        throw ShapeError(op, "stride and dilation must be positive and padding non-negative")
    }
    let oh = (height + 2 * padding.h - dilation.h * (kernel.h - 1) - 1) / stride.h + 1
    let ow = (width + 2 * padding.w - dilation.w * (kernel.w - 1) - 1) / stride.w + 1
    guard height + 2 * padding.h >= dilation.h * (kernel.h - 1) + 1,
          width + 2 * padding.w >= dilation.w * (kernel.w - 1) + 1, oh > 0, ow > 0 else {
        throw ShapeError(op, "a \(kernel.h)x\(kernel.w) kernel (dilation \(dilation)) does not fit a \(height)x\(width) input with padding \(padding)")
    }
    return ConvGeometry(channels: channels, height: height, width: width, kh: kernel.h, kw: kernel.w,
                        sh: stride.h, sw: stride.w, ph: padding.h, pw: padding.w,
                        dh: dilation.h, dw: dilation.w, outH: oh, outW: ow)
}

private func checkBias(_ bias: Tensor?, _ channels: Int, _ op: String) throws {
    if let bias, bias.shape != [channels] {
        throw ShapeError(op, "bias must have shape [\(channels)], got \(show(bias.shape))")
    }
}

/// Sets plane p (of `size` values) to `values[p % values.count]`: a per-channel fill.
func fillPlanes(_ out: inout [Float], _ values: [Float], planes: Int, size: Int) {
    out.withUnsafeMutableBufferPointer { o in
        Parallel.forEach(planes) { p in
            (o.baseAddress! + p * size).update(repeating: values[p % values.count], count: size)
        }
    }
}

/// Adds `values[p % values.count]` to every value of plane p (of `size` values): a per-channel bias.
func addPlanes(_ out: inout [Float], _ values: [Float], planes: Int, size: Int) {
    out.withUnsafeMutableBufferPointer { o in
        Parallel.forEach(planes) { p in
            let plane = o.baseAddress! + p * size, v = values[p % values.count]
            for i in 0..<size { plane[i] += v }
        }
    }
}

/// Adds the sum of each plane of `grad` into the per-channel gradient of `t`.
func accumulatePlaneSums(_ grad: [Float], into t: Tensor, planes: Int, size: Int) {
    let channels = t.count
    var sums = [Double](repeating: 0, count: planes)
    grad.withUnsafeBufferPointer { g in
        sums.withUnsafeMutableBufferPointer { s in
            Parallel.forEach(planes) { p in
                var acc: Double = 0
                for i in 0..<size { acc += Double(g[p * size + i]) }
                s[p] = acc
            }
        }
    }
    t.accumulateGrad { gt in
        for p in 0..<planes { gt[p % channels] += Float(sums[p]) }
    }
}

/// Gives mutable gradient pointers for the tensors that require them (nil for the others).
func withGradPointers(_ a: Tensor, _ b: Tensor,
                      _ body: (UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?) -> Void) {
    a.withGradPointer { pa in b.withGradPointer { pb in body(pa, pb) } }
}
