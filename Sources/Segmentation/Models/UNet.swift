import Tensor

/// The classic U-Net (Ronneberger et al. 2015): `depth` down-sampling stages of two 3x3
/// conv-norm-activation layers, a bottleneck, and a mirrored decoder whose stages
/// concatenate the encoder's features at the same resolution.
public final class UNet: Module, SegmentationModel {
    public let config: ModelConfig
    let down: [DoubleConv]
    let bottleneck: DoubleConv
    let up: [Upsample]
    let decoder: [DoubleConv]
    let head: Conv2d

    public var sizeMultiple: Int { 1 << config.depth }

    public init(_ config: ModelConfig) {
        self.config = config
        var g = SeededGenerator(seed: config.seed)
        let (norm, act, d) = (config.normKind, config.activationKind, config.depth)
        let mode = Upsampling(rawValue: config.upsampling) ?? .transpose
        let width = { (level: Int) in config.base << level }
        down = (0..<d).map { i in
            DoubleConv(i == 0 ? config.inChannels : width(i - 1), width(i), norm: norm, activation: act, generator: &g)
        }
        bottleneck = DoubleConv(width(d - 1), width(d), norm: norm, activation: act, dropout: config.dropout, generator: &g)
        up = (0..<d).map { i in Upsample(width(i + 1), width(i), mode: mode, generator: &g) }
        decoder = (0..<d).map { i in
            DoubleConv(2 * width(i), width(i), norm: norm, activation: act, dropout: config.dropout / 2, generator: &g)
        }
        head = segmentationHead(width(0), generator: &g)
        super.init()
        for (i, m) in down.enumerated() { child("down.\(i)", m) }
        child("bottleneck", bottleneck)
        for (i, m) in up.enumerated() { child("up.\(i)", m) }
        for (i, m) in decoder.enumerated() { child("decoder.\(i)", m) }
        child("head", head)
    }

    public func heads(aligned x: Tensor) throws -> [Tensor] {
        let ckpt = config.gradientCheckpointing
        var skips: [Tensor] = []
        var h = x
        for stage in down {
            h = try stage(h, checkpointed: ckpt)
            skips.append(h)
            h = try h.maxPool2d(kernel: 2)
        }
        h = try bottleneck(h, checkpointed: ckpt)
        for i in stride(from: config.depth - 1, through: 0, by: -1) {
            h = try decoder[i](Tensor.concat([up[i](h), skips[i]], axis: 1), checkpointed: ckpt)
        }
        return [try head(h)]
    }
}
