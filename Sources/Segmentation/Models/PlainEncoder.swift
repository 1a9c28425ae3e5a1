import Core
import Tensor

/// The classic U-Net contracting path: DoubleConv stages at strides 1, 2, 4, ..., 2^(depth−1),
/// each after a 2x2 max pool, whose outputs are the skips. With `bottleneck`, one more stage at
/// stride 2^depth (with the model's dropout) gives the bottom feature (U-Net, U-Net++);
/// without, the bottom is the last stage max-pooled (the hyper U-Net's middle block follows).
final class PlainEncoder: FeatureEncoder {
    let stages: [DoubleConv]
    let hasBottleneck: Bool
    let layout: FeatureLayout
    let namedModules: [(name: String, module: Module)]

    /// `names(i)` is the name stage i has always had in its model (`down.0`, `x_0_0`, `encoder.0`).
    init(_ config: ModelConfig, activation: Activation, bottleneck: Bool, names: (Int) -> String,
         generator g: inout SeededGenerator) {
        let d = config.depth
        let width = { (level: Int) in config.base << level }
        stages = (0..<(bottleneck ? d + 1 : d)).map { i in
            DoubleConv(i == 0 ? config.inChannels : width(i - 1), width(i), norm: config.normKind, activation: activation,
                       dropout: i == d ? config.dropout : 0, generator: &g)
        }
        hasBottleneck = bottleneck
        layout = FeatureLayout(skipChannels: (0..<d).map(width), bottomChannels: width(bottleneck ? d : d - 1))
        namedModules = stages.enumerated().map { (names($0.offset), $0.element) }
    }

    func features(_ x: Tensor, checkpointed: Bool) throws -> EncoderFeatures {
        var outputs: [Tensor] = []
        var h = x
        for (i, stage) in stages.enumerated() {
            if i > 0 { h = try h.maxPool2d(kernel: 2) }
            h = try stage(h, checkpointed: checkpointed)
            outputs.append(h)
        }
        let d = layout.depth
        let bottom = hasBottleneck ? outputs[d] : try outputs[d - 1].maxPool2d(kernel: 2)
        return EncoderFeatures(skips: outputs.prefix(d).map { $0 }, bottom: bottom)
    }
}
