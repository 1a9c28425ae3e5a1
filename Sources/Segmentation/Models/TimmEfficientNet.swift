import Core
import Tensor

/// The EfficientNet encoder smp builds for `timm-efficientnet-b0` … `b4`: timm's `EfficientNet`
/// with smp's `get_efficientnet_kwargs` (Swish, BN eps 1e-5 and momentum 0.1, timm's
/// symmetric padding (k−1)/2, not the "same" padding of timm's `tf_` models) less its
/// classifier. smp (0.6) keeps timm's 1x1 `conv_head` and its `bn2` in the state_dict though
/// its forward never runs them, so they are here too, and unused. Names are timm's under `encoder.`:
/// `conv_stem`, `bn1`, `blocks.S.B.conv_dw` …. Widths are B0's times the channel multiplier
/// rounded to multiples of 8 (timm's `round_channels`, the same rounding as `EfficientNet`),
/// repeats B0's times the depth multiplier rounded up. Features, as smp's `get_stages`: the
/// stem (stride 2), blocks 0–1 (stride 4), block 2 (8), blocks 3–4 (16), blocks 5–6 (32).
final class TimmEfficientNet: Module, FeatureEncoder {
    enum Variant: String, CaseIterable {
        case b0 = "timm-efficientnet-b0", b1 = "timm-efficientnet-b1", b2 = "timm-efficientnet-b2"
        case b3 = "timm-efficientnet-b3", b4 = "timm-efficientnet-b4"

        /// smp's (channel_multiplier, depth_multiplier).
        var multipliers: (channels: Double, depth: Double) {
            switch self {
            case .b0: (1.0, 1.0)
            case .b1: (1.0, 1.1)
            case .b2: (1.1, 1.2)
            case .b3: (1.2, 1.4)
            case .b4: (1.4, 1.8)
            }
        }
    }

    /// The last block group of each feature level 2…5 (smp's `stage_idxs` (2, 3, 5), then the end).
    static let levelEnds = [2, 3, 5, 7]

    let stem: Conv2d, stemNorm: NormAct
    let stages: [Sequential]
    /// timm's classifier head convolution and its norm: weights smp keeps but never uses.
    let unusedHead: Conv2d, unusedHeadNorm: NormAct
    let layout: FeatureLayout
    var namedModules: [(name: String, module: Module)] { [("encoder", self)] }

    /// timm's `num_features` before channel scaling.
    static let headWidth = 1280

    init(_ variant: Variant, inChannels: Int, generator g: inout SeededGenerator) {
        let (widthMultiplier, depthMultiplier) = variant.multipliers
        let channels = { (c: Int) in EfficientNet.roundFilters(c, widthMultiplier) }
        let repeats = EfficientNet.b0.map { Int((depthMultiplier * Double($0.repeats)).rounded(.up)) }
        let blockCount = repeats.reduce(0, +)
        let stemWidth = channels(EfficientNet.stem)
        stem = Conv2d(inChannels, stemWidth, kernel: 3, stride: 2, bias: false, generator: &g)
        stemNorm = NormAct(.batch, channels: stemWidth, activation: .swish)
        var width = stemWidth, blockIndex = 0
        var stages: [Sequential] = [], stageWidths: [Int] = []
        for (s, (stage, count)) in zip(EfficientNet.b0, repeats).enumerated() {
            let out = channels(stage.channels)
            stages.append(Sequential((0..<count).map { k -> any Layer in
                let (input, stride) = (k == 0 ? width : out, k == 0 ? stage.stride : 1)
                let dropPath = 0.2 * Float(blockIndex + k) / Float(blockCount)
                return s == 0
                    ? TimmDepthwiseSeparable(input, out, kernel: stage.kernel, stride: stride, dropPath: dropPath, generator: &g)
                    : TimmInvertedResidual(input, out, expand: stage.expand, kernel: stage.kernel, stride: stride,
                                           dropPath: dropPath, generator: &g)
            }))
            blockIndex += count
            width = out
            stageWidths.append(out)
        }
        self.stages = stages
        unusedHead = Conv2d(width, channels(Self.headWidth), kernel: 1, bias: false, generator: &g)
        unusedHeadNorm = NormAct(.batch, channels: channels(Self.headWidth), activation: .swish)
        layout = FeatureLayout(skipChannels: [0, stemWidth] + Self.levelEnds.dropLast().map { stageWidths[$0 - 1] },
                               bottomChannels: width)
        super.init()
        child("conv_stem", stem); child("bn1", stemNorm)
        for (s, stage) in stages.enumerated() { child("blocks.\(s)", stage) }
        child("conv_head", unusedHead); child("bn2", unusedHeadNorm)
    }

    func features(_ x: Tensor, checkpointed: Bool) throws -> EncoderFeatures {
        var h = try stemNorm(stem(x))
        var skips: [Tensor?] = [nil, h]
        var next = 0
        for end in Self.levelEnds {
            while next < end {
                h = try stages[next](h, checkpointed: checkpointed)
                next += 1
            }
            skips.append(h)
        }
        return EncoderFeatures(skips: Array(skips.prefix(layout.depth)), bottom: h)
    }
}

/// timm's `DepthwiseSeparableConv` (EfficientNet's first stage): `conv_dw`-`bn1`-swish, `se`
/// through a quarter of the input channels, `conv_pw`-`bn2` without activation; the input is
/// added back (through drop-path) when the stride is 1 and the widths agree.
final class TimmDepthwiseSeparable: Module, Layer {
    let depthwise: Conv2d, norm1: NormAct, se: SqueezeExcitation, pointwise: Conv2d, norm2: NormAct
    let dropPath: StochasticDepth?

    init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int, dropPath p: Float, generator g: inout SeededGenerator) {
        depthwise = Conv2d(inChannels, inChannels, kernel: kernel, stride: Spatial(stride, stride), groups: inChannels,
                           bias: false, generator: &g)
        norm1 = NormAct(.batch, channels: inChannels, activation: .swish)
        se = SqueezeExcitation(inChannels, squeeze: timmSqueezeWidth(inChannels, ratio: 0.25),
                                names: SqueezeExcitation.timmNames, generator: &g)
        pointwise = Conv2d(inChannels, outChannels, kernel: 1, bias: false, generator: &g)
        norm2 = NormAct(.batch, channels: outChannels, activation: .identity)
        dropPath = stride == 1 && inChannels == outChannels ? StochasticDepth(p, generator: &g) : nil
        super.init()
        child("conv_dw", depthwise); child("bn1", norm1); child("se", se)
        child("conv_pw", pointwise); child("bn2", norm2)
        if let dropPath { child("drop_path", dropPath) }
    }

    func callAsFunction(_ x: Tensor) throws -> Tensor {
        let y = try norm2(pointwise(se(norm1(depthwise(x)))))
        guard let dropPath else { return y }
        return try dropPath(y) + x
    }
}

/// timm's `InvertedResidual` (MBConv): `conv_pw`-`bn1`-swish expanding by `expand`,
/// `conv_dw`-`bn2`-swish carrying the stride, `se` through a quarter of the block's input
/// channels (timm divides the ratio by the expansion), `conv_pwl`-`bn3`; the input is added
/// back (through drop-path) when the stride is 1 and the widths agree.
final class TimmInvertedResidual: Module, Layer {
    let expandConv: Conv2d, norm1: NormAct, depthwise: Conv2d, norm2: NormAct
    let se: SqueezeExcitation, project: Conv2d, norm3: NormAct
    let dropPath: StochasticDepth?

    init(_ inChannels: Int, _ outChannels: Int, expand: Int, kernel: Int, stride: Int, dropPath p: Float,
         generator g: inout SeededGenerator) {
        let mid = inChannels * expand
        expandConv = Conv2d(inChannels, mid, kernel: 1, bias: false, generator: &g)
        norm1 = NormAct(.batch, channels: mid, activation: .swish)
        depthwise = Conv2d(mid, mid, kernel: kernel, stride: Spatial(stride, stride), groups: mid, bias: false, generator: &g)
        norm2 = NormAct(.batch, channels: mid, activation: .swish)
        se = SqueezeExcitation(mid, squeeze: timmSqueezeWidth(mid, ratio: 0.25 / Double(expand)),
                                names: SqueezeExcitation.timmNames, generator: &g)
        project = Conv2d(mid, outChannels, kernel: 1, bias: false, generator: &g)
        norm3 = NormAct(.batch, channels: outChannels, activation: .identity)
        dropPath = stride == 1 && inChannels == outChannels ? StochasticDepth(p, generator: &g) : nil
        super.init()
        child("conv_pw", expandConv); child("bn1", norm1); child("conv_dw", depthwise); child("bn2", norm2)
        child("se", se); child("conv_pwl", project); child("bn3", norm3)
        if let dropPath { child("drop_path", dropPath) }
    }

    func callAsFunction(_ x: Tensor) throws -> Tensor {
        let y = try norm3(project(se(norm2(depthwise(norm1(expandConv(x)))))))
        guard let dropPath else { return y }
        return try dropPath(y) + x
    }
}

/// timm's SE width: Python's `round(channels · ratio)` (the widths here are multiples of 8,
/// so no value lies halfway and rounding to nearest agrees with Python's).
func timmSqueezeWidth(_ channels: Int, ratio: Double) -> Int {
    max(1, Int((Double(channels) * ratio).rounded()))
}
