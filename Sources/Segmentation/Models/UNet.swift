import Core
import Tensor

/// The classic U-Net (Ronneberger et al. 2015): `depth` down-sampling stages of two 3x3
/// conv-norm-activation layers, a bottleneck, and a mirrored decoder whose stages
/// concatenate the encoder's features at the same resolution. With an EfficientNet encoder,
/// its five levels replace the plain stages and the decoder's widths stay base·2^level.
public final class UNet: Module, SegmentationModel {
    public let config: ModelConfig
    let encoder: any FeatureEncoder
    let up: [Upsample]
    let decoder: [DoubleConv]
    let head: Conv2d
    let classifier: ClassifierHead?

    public var sizeMultiple: Int { 1 << encoder.layout.depth }

    public init(_ config: ModelConfig) {
        self.config = config
        var g = SeededGenerator(seed: config.seed)
        let (norm, act) = (config.normKind, config.activationKind)
        let mode = config.upsamplingKind
        encoder = makeEncoder(config, generator: &g) { g in
            PlainEncoder(config, activation: act, bottleneck: true,
                         names: { $0 < config.depth ? "down.\($0)" : "bottleneck" }, generator: &g)
        }
        let layout = encoder.layout, d = layout.depth
        let width = { (level: Int) in config.base << level }
        up = (0..<d).map { i in Upsample(i == d - 1 ? layout.bottomChannels : width(i + 1), width(i), mode: mode, generator: &g) }
        decoder = (0..<d).map { i in
            DoubleConv(width(i) + layout.skipChannels[i], width(i), norm: norm, activation: act,
                       dropout: config.dropout / 2, generator: &g)
        }
        head = segmentationHead(width(0), generator: &g)
        classifier = ClassifierHead.make(config, layout: layout)
        super.init()
        for (name, module) in encoder.namedModules { child(name, module) }
        for (i, m) in up.enumerated() { child("up.\(i)", m) }
        for (i, m) in decoder.enumerated() { child("decoder.\(i)", m) }
        child("head", head)
        if let classifier { child("cls_head", classifier) }
    }

    public func heads(aligned x: Tensor) throws -> [Tensor] { try outputs(aligned: x).heads }

    public func outputs(aligned x: Tensor) throws -> ModelOutputs {
        let ckpt = config.gradientCheckpointing
        let features = try encoder.features(x, checkpointed: ckpt)
        var h = features.bottom
        for i in stride(from: decoder.count - 1, through: 0, by: -1) {
            h = try decoder[i](joined(up[i](h), features.skips[i]), checkpointed: ckpt)
        }
        return ModelOutputs(heads: [try head(h)], imageLogits: try classifier?(features.bottom))
    }
}
