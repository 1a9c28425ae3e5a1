import Core
import Tensor

/// EfficientNet's mobile inverted bottleneck (MBConv: Sandler et al. 2018, with the
/// squeeze-and-excitation of Tan & Le 2019): a 1x1 expansion conv-norm-swish (absent when the
/// expansion ratio is 1), a k×k depthwise conv-norm-swish carrying the block's stride,
/// squeeze-and-excitation through a quarter of the block's *input* channels, and a 1x1
/// projection conv-norm with no activation. With stride 1 and equal widths the input is added
/// back, the branch passing through stochastic depth first. Names follow torchvision
/// (`block.0.0.weight` ... `block.N.fc1.weight`), so its weights map one to one.
final class MBConv: Module, Layer {
    let block: Sequential
    let stochasticDepth: StochasticDepth?

    init(_ inChannels: Int, _ outChannels: Int, expandRatio: Int, kernel: Int, stride: Int, norm: NormKind,
         dropConnect: Float, generator g: inout SeededGenerator) {
        let expanded = inChannels * expandRatio
        var layers: [any Layer] = []
        if expandRatio != 1 {
            layers.append(convNormAct(inChannels, expanded, kernel: 1, norm: norm, activation: .swish, generator: &g))
        }
        layers.append(convNormAct(expanded, expanded, kernel: kernel, stride: stride, groups: expanded,
                                  norm: norm, activation: .swish, generator: &g))
        layers.append(SqueezeExcitation(expanded, squeeze: max(1, inChannels / 4), generator: &g))
        layers.append(convNormAct(expanded, outChannels, kernel: 1, norm: norm, activation: .identity, generator: &g))
        block = Sequential(layers)
        stochasticDepth = stride == 1 && inChannels == outChannels ? StochasticDepth(dropConnect, generator: &g) : nil
        super.init()
        child("block", block)
        if let stochasticDepth { child("stochastic_depth", stochasticDepth) }
    }

    func callAsFunction(_ x: Tensor) throws -> Tensor {
        let y = try block(x)
        guard let stochasticDepth else { return y }
        return try stochasticDepth(y) + x
    }
}

/// Channel attention as in EfficientNet: x · σ(fc2(swish(fc1(mean over H, W of x)))), with
/// 1x1 convolutions through `squeeze` channels. `names` are the two convolutions' names:
/// torchvision's `SqueezeExcitation` (`fc1`, `fc2`, the default) or timm's `SqueezeExcite`
/// (`conv_reduce`, `conv_expand`).
final class SqueezeExcitation: Module, Layer {
    static let timmNames = (reduce: "conv_reduce", expand: "conv_expand")

    let fc1: Conv2d, fc2: Conv2d

    init(_ channels: Int, squeeze: Int, names: (reduce: String, expand: String) = ("fc1", "fc2"),
         generator g: inout SeededGenerator) {
        fc1 = Conv2d(channels, squeeze, kernel: 1, generator: &g)
        fc2 = Conv2d(squeeze, channels, kernel: 1, generator: &g)
        super.init()
        child(names.reduce, fc1); child(names.expand, fc2)
    }

    func callAsFunction(_ x: Tensor) throws -> Tensor {
        try x * fc2(fc1(x.globalAvgPool2d()).silu()).sigmoid()
    }
}

/// Stochastic depth, EfficientNet's "drop-connect" (torchvision's `StochasticDepth`, row
/// mode): in training, each sample's residual branch is zeroed with probability p and the
/// kept ones scaled by 1/(1−p); in evaluation it is the identity. The per-sample mask is a
/// `Dropout` of ones, so it draws from the model's seeded generator and gradient
/// checkpointing rewinds it like any other dropout.
final class StochasticDepth: Module, Layer {
    let mask: Dropout

    init(_ p: Float, generator g: inout SeededGenerator) {
        mask = Dropout(p, generator: &g)
        super.init()
        child("mask", mask)
    }

    func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard isTraining, mask.p > 0 else { return x }
        return try x * mask(Tensor(repeating: 1, shape: [x.shape[0], 1, 1, 1]))
    }
}

/// conv → norm → activation with torchvision's `Conv2dNormActivation` names ("0" the
/// convolution, "1" the norm) and "same" padding; the convolution has a bias only when no
/// normalisation follows.
func convNormAct(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, groups: Int = 1,
                 norm: NormKind, activation: Activation, generator g: inout SeededGenerator) -> Sequential {
    Sequential([
        Conv2d(inChannels, outChannels, kernel: kernel, stride: Spatial(stride, stride), groups: groups,
               bias: norm == .none, generator: &g),
        NormAct(norm, channels: outChannels, activation: activation),
    ])
}
