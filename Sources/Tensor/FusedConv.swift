/// An activation that an inference convolution applies as it writes its output. No
/// derivative is kept, so swish fuses as well as ReLU does.
public enum OutputActivation: Sendable, Equatable {
    case identity
    case relu
    case leakyRelu(Float)
    case silu
}

/// What an inference convolution does to each run of an output plane once its sums are
/// complete: add the channel's bias (if any), then the activation. The arithmetic is that of
/// the separate ops (a bias pass, then `relu`/`leakyRelu`/`silu`), so only the passes differ.
struct OutputEpilogue {
    let bias: [Float]?
    let activation: OutputActivation

    var isIdentity: Bool { bias == nil && activation == .identity }

    /// p[i] = act(p[i] + bias[channel]) for i in 0..<count, the case chosen outside the loop.
    @inline(__always) func apply(_ p: UnsafeMutablePointer<Float>, count: Int, channel: Int) {
        let b = bias?[channel] ?? 0
        switch activation {
        case .identity: if bias != nil { for i in 0..<count { p[i] += b } }
        case .relu: for i in 0..<count { p[i] = max(p[i] + b, 0) }
        case .leakyRelu(let a):
            for i in 0..<count {
                let v = p[i] + b
                p[i] = v > 0 ? v : a * v
            }
        case .silu:
            for i in 0..<count {
                let v = p[i] + b
                p[i] = v * stableSigmoid(v)
            }
        }
    }
}

extension Tensor {
    /// act(conv2d(x, weight) + bias), for inference: Winograd convolutions apply the bias and
    /// the activation to each output row inside the output transform, while it is in cache;
    /// the others in one pass after the products. When a gradient would be recorded (a tape
    /// is on and an operand requires one), this is the unfused composition, so it is always
    /// safe to call.
    public func conv2d(_ weight: Tensor, bias: Tensor?, stride: Spatial = 1, padding: Spatial = 0,
                       dilation: Spatial = 1, groups: Int = 1, activation: OutputActivation) throws -> Tensor {
        if Autograd.isEnabled && (requiresGrad || weight.requiresGrad || bias?.requiresGrad == true) {
            let y = try conv2d(weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
            switch activation {
            case .identity: return y
            case .relu: return y.relu()
            case .leakyRelu(let a): return y.leakyRelu(slope: a)
            case .silu: return y.silu()
            }
        }
        let x = self
        let g = try conv2dGeometry(weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
        let (n, c, o) = (x.shape[0], x.shape[1], weight.shape[0])
        let outCount = n * o * g.columns
        let shape = [n, o, g.outH, g.outW]
        if let winograd = WinogradConv(images: n, inChannels: c, outChannels: o, groups: groups, g) {
            // Inference weights stay put from batch to batch; a checkpointed training stage's do not.
            let u = Checkpoint.isActive ? winograd.transformedWeight(weight)
                : weight.memoized("winograd") { winograd.transformedWeight(weight) }
            let epilogue = OutputEpilogue(bias: bias?.data, activation: activation)
            let out = [Float](unsafeUninitializedCapacity: outCount) { po, initialized in
                x.data.withUnsafeBufferPointer { px in
                    winograd.forward(px.baseAddress!, u, into: po.baseAddress!, epilogue: epilogue.isIdentity ? nil : epilogue)
                }
                initialized = outCount
            }
            return Tensor(shape: shape, data: out)
        }
        // Bias planes first and the products added into them, as the unfused convolution does,
        // so that only the activation is left for the one pass after.
        var out = [Float](repeating: 0, count: outCount)
        if let bias { fillPlanes(&out, bias.data, planes: n * o, size: g.columns) }
        x.data.withUnsafeBufferPointer { px in
            weight.data.withUnsafeBufferPointer { pw in
                out.withUnsafeMutableBufferPointer { po in
                    if groups == c && groups > 1 {
                        DepthwiseConv(images: n, channels: c, multiplier: o / c, g: g).forward(px, pw, into: po)
                    } else {
                        ConvDriver(images: n, groups: groups, outPerGroup: o / groups, g: g)
                            .run(plane: px.baseAddress!, csIn: nil, weight: pw.baseAddress!, csOut: po.baseAddress!,
                                 dWeight: nil, planeOut: nil)
                    }
                }
            }
        }
        if activation != .identity {
            let epilogue = OutputEpilogue(bias: nil, activation: activation)
            out.withUnsafeMutableBufferPointer { po in
                Parallel.forEach(n * o) { p in epilogue.apply(po.baseAddress! + p * g.columns, count: g.columns, channel: p % o) }
            }
        }
        return Tensor(shape: shape, data: out)
    }
}
