import Core
import Tensor

/// A compound-scaled EfficientNet (Tan & Le 2019): multipliers of B0's channel widths and
/// block repeats. The raw value is the name `ModelConfig.encoder` takes. In a model the
/// widths also scale with its `base`: each is B0's × `width` × base/32, rounded to a multiple
/// of 8 as the paper's `round_filters`, so base 32 is the paper's network and base 8 a
/// quarter of it, small enough to train on a CPU.
public enum EfficientNetVariant: String, CaseIterable, Sendable {
    case b0 = "effnet-b0", b1 = "effnet-b1", b2 = "effnet-b2", b3 = "effnet-b3", b4 = "effnet-b4"

    /// Width multiplier of the paper (applied to every stage's channels).
    public var width: Double {
        switch self {
        case .b0, .b1: 1.0
        case .b2: 1.1
        case .b3: 1.2
        case .b4: 1.4
        }
    }

    /// Depth multiplier of the paper (applied to every stage's block count).
    public var depth: Double {
        switch self {
        case .b0: 1.0
        case .b1: 1.1
        case .b2: 1.2
        case .b3: 1.4
        case .b4: 1.8
        }
    }
}

/// The EfficientNet encoder: a 3x3 stride-2 conv-norm-swish stem and seven stages of MBConv
/// blocks, scaled from B0. Skips are the outputs of the last stage at strides 2, 4, 8 and 16
/// (stages 1, 2, 3 and 5, as timm's `features_only`), the bottom is stage 7's at stride 32;
/// the 1x1 head convolution of the classifier is not part of it. Names follow torchvision's
/// `efficientnet_bN().features` under `encoder.` (`encoder.features.1.0.block.0.0.weight`).
///
/// Widths: Pleura trains on a CPU from scratch, so the model's `base` scales the widths too.
/// Every channel count is `round_filters(c · width · base / 32)`, the paper's rounding to a
/// multiple of 8 (at least 8, and never below 90% of the scaled value): `base = 32` is the
/// paper's network, `base = 8` a quarter of it (B0's stages become 8, 8, 16, 24, 32, 48, 80).
/// Repeats are `ceil(depth · repeats)`. Drop-connect rises linearly from 0 at the first block
/// to 0.2·(B−1)/B at the last of B blocks, as in torchvision.
final class EfficientNet: Module, FeatureEncoder {
    /// One stage of B0: expansion ratio, depthwise kernel, stride of its first block,
    /// output channels and number of blocks.
    struct Stage {
        var expand: Int, kernel: Int, stride: Int, channels: Int, repeats: Int
    }

    static let stem = 32
    static let b0: [Stage] = [
        Stage(expand: 1, kernel: 3, stride: 1, channels: 16, repeats: 1),
        Stage(expand: 6, kernel: 3, stride: 2, channels: 24, repeats: 2),
        Stage(expand: 6, kernel: 5, stride: 2, channels: 40, repeats: 2),
        Stage(expand: 6, kernel: 3, stride: 2, channels: 80, repeats: 3),
        Stage(expand: 6, kernel: 5, stride: 1, channels: 112, repeats: 3),
        Stage(expand: 6, kernel: 5, stride: 2, channels: 192, repeats: 4),
        Stage(expand: 6, kernel: 3, stride: 1, channels: 320, repeats: 1),
    ]
    /// torchvision's `stochastic_depth_prob` for every variant.
    static let dropConnectRate: Float = 0.2
    /// B0's stages reach stride 2^5.
    static let depth = 5

    let stemLayer: Sequential
    let stages: [Sequential]
    /// The level (log2 of the stride) of each stage's output.
    let stageLevels: [Int]
    let layout: FeatureLayout
    var namedModules: [(name: String, module: Module)] { [("encoder", self)] }

    init(_ variant: EfficientNetVariant, base: Int, inChannels: Int, norm: NormKind, generator g: inout SeededGenerator) {
        let widthMultiplier = variant.width * Double(base) / 32
        let channels = { (c: Int) in EfficientNet.roundFilters(c, widthMultiplier) }
        let repeats = EfficientNet.b0.map { Int((variant.depth * Double($0.repeats)).rounded(.up)) }
        let blockCount = repeats.reduce(0, +)

        stemLayer = convNormAct(inChannels, channels(EfficientNet.stem), kernel: 3, stride: 2,
                                norm: norm, activation: .swish, generator: &g)
        var width = channels(EfficientNet.stem), level = 1, blockIndex = 0
        var stages: [Sequential] = [], levels: [Int] = [], skipChannels = [Int](repeating: 0, count: EfficientNet.depth)
        for (stage, count) in zip(EfficientNet.b0, repeats) {
            let out = channels(stage.channels)
            stages.append(Sequential((0..<count).map { k in
                MBConv(k == 0 ? width : out, out, expandRatio: stage.expand, kernel: stage.kernel,
                       stride: k == 0 ? stage.stride : 1, norm: norm,
                       dropConnect: EfficientNet.dropConnectRate * Float(blockIndex + k) / Float(blockCount),
                       generator: &g)
            }))
            blockIndex += count
            width = out
            if stage.stride == 2 { level += 1 }
            levels.append(level)
            if level < EfficientNet.depth { skipChannels[level] = out }
        }
        self.stages = stages
        stageLevels = levels
        layout = FeatureLayout(skipChannels: skipChannels, bottomChannels: width)
        super.init()
        child("features.0", stemLayer)
        for (i, stage) in stages.enumerated() { child("features.\(i + 1)", stage) }
    }

    func features(_ x: Tensor, checkpointed: Bool) throws -> EncoderFeatures {
        var h = try stemLayer(x, checkpointed: checkpointed)
        var skips = [Tensor?](repeating: nil, count: layout.depth)
        for (stage, level) in zip(stages, stageLevels) {
            h = try stage(h, checkpointed: checkpointed)
            // A later stage at the same stride replaces the earlier one's skip.
            if level < layout.depth { skips[level] = h }
        }
        return EncoderFeatures(skips: skips, bottom: h)
    }

    /// The paper's `round_filters`: c·multiplier to the nearest multiple of 8, at least 8,
    /// and one step up if rounding lost more than 10%.
    static func roundFilters(_ c: Int, _ multiplier: Double) -> Int {
        let scaled = Double(c) * multiplier
        let rounded = max(8, Int(scaled + 4) / 8 * 8)
        return Double(rounded) < 0.9 * scaled ? rounded + 8 : rounded
    }
}
