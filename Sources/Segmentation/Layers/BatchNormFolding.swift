import Tensor

/// A convolution with the eval-mode batch norm after it folded into its weights and bias:
/// BN(conv(x)) = conv(x)·s + t with s = γ/√(σ² + ε) and t = β − μ·s per output channel, so
/// the folded convolution has weights w·s and bias b·s + t (b the convolution's own bias, if
/// any), and the normalisation's pass over the activations disappears. It remembers the
/// tensors it was made from and their versions: an optimizer step, loaded weights or new
/// running statistics make it stale, and it is made again on next use. Its weight tensor is
/// kept, so Winograd's transform of it is kept with it, until the layer runs unfused again
/// (training), which drops it. Never changed once made, so threads may share it.
final class FoldedConv: @unchecked Sendable {
    let sources: [Tensor]
    let versions: [Int]
    let weight: Tensor
    let bias: Tensor

    init(conv: Conv2d, norm: NormAct, sources: [Tensor]) {
        self.sources = sources
        versions = sources.map(\.version)
        let running = norm.running!
        let out = conv.weight.shape[0], perOut = conv.weight.count / out
        // The same arithmetic as batchNorm2d's evaluation: s = γ · (1/√(σ² + ε)).
        let scale = (0..<out).map { o in
            (norm.weight?.data[o] ?? 1) * (1 / (running.variance.data[o] + NormAct.eps).squareRoot())
        }
        let shift = (0..<out).map { o in (norm.bias?.data[o] ?? 0) - running.mean.data[o] * scale[o] }
        var w = conv.weight.data
        for o in 0..<out {
            for i in (o * perOut)..<((o + 1) * perOut) { w[i] *= scale[o] }
        }
        weight = Tensor(shape: conv.weight.shape, data: w)
        bias = Tensor(shape: [out], data: (0..<out).map { o in (conv.bias?.data[o] ?? 0) * scale[o] + shift[o] })
    }

    func isCurrent(for sources: [Tensor]) -> Bool {
        sources.count == self.sources.count
            && zip(sources, self.sources).allSatisfy { $0 === $1 }
            && zip(sources, versions).allSatisfy { $0.version == $1 }
    }
}

extension NormAct {
    /// self(conv(x)), fused where inference allows: an eval-mode batch norm is folded into
    /// the convolution, and the activation (and, without a norm, the convolution's bias) is
    /// applied as the convolution writes its output. Group and instance norms need the
    /// output's own statistics, and training needs the tape, so those run unfused.
    public func callAsFunction(_ conv: Conv2d, _ x: Tensor) throws -> Tensor {
        let fusible = !Autograd.isEnabled && (kind == .none || (kind == .batch && !isTraining && running != nil))
        guard fusible else {
            // Training changes the weights at every step: a kept fold (a copy of the weights
            // and their Winograd transform) would only hold memory until the next prediction.
            folded.withLock { $0 = nil }
            return try self(conv(x))
        }
        let (weight, bias) = kind == .batch ? foldedInto(conv) : (conv.weight, conv.bias)
        let y = try x.conv2d(weight, bias: bias, stride: conv.stride, padding: conv.padding, dilation: conv.dilation,
                             groups: conv.groups, activation: activation.output)
        conv.noteProfile(y)
        return y
    }

    /// The folded weights and bias for `conv`, made again if anything they came from changed.
    private func foldedInto(_ conv: Conv2d) -> (Tensor, Tensor) {
        let sources = [conv.weight] + [conv.bias, weight, bias].compactMap { $0 } + [running!.mean, running!.variance]
        if let kept = folded.withLock({ $0 }), kept.isCurrent(for: sources) { return (kept.weight, kept.bias) }
        // Made outside the lock: two threads that both find it stale make equal folds, and
        // the second kept replaces the first, which its caller still holds and uses.
        let made = FoldedConv(conv: conv, norm: self, sources: sources)
        folded.withLock { $0 = made }
        return (made.weight, made.bias)
    }
}

extension Activation {
    /// The same function, as a convolution applies it to its output.
    var output: OutputActivation {
        switch self {
        case .relu: .relu
        case .leakyRelu(let s): .leakyRelu(s)
        case .swish: .silu
        case .identity: .identity
        }
    }
}
