import Core
import Tensor

/// Channel counts of what an encoder hands its decoder. Level l has stride 2^l: the decoder
/// gets an optional skip feature at each level below `depth` and the bottom feature at `depth`.
struct FeatureLayout {
    /// Channels of the skip at each level 0..<depth; 0 where the encoder has none.
    var skipChannels: [Int]
    var bottomChannels: Int

    var depth: Int { skipChannels.count }
}

/// One input's encoder features, as its `FeatureLayout` describes them.
struct EncoderFeatures {
    var skips: [Tensor?]
    var bottom: Tensor
}

/// The contracting half of a segmentation model; every decoder builds on one, sized by its layout.
protocol FeatureEncoder {
    var layout: FeatureLayout { get }
    /// The modules holding the encoder's weights, with the names the model registers them under.
    var namedModules: [(name: String, module: Module)] { get }
    /// The features of `x`; with `checkpointed`, each stage is recomputed in the backward pass.
    func features(_ x: Tensor, checkpointed: Bool) throws -> EncoderFeatures
}

/// The EfficientNet `config.encoder` names, or else the architecture's own encoder, which `own` builds.
func makeEncoder(_ config: ModelConfig, generator g: inout SeededGenerator,
                 own: (inout SeededGenerator) -> any FeatureEncoder) -> any FeatureEncoder {
    guard let variant = config.efficientNet else { return own(&g) }
    return EfficientNet(variant, base: config.base, inChannels: config.inChannels, norm: config.normKind, generator: &g)
}

/// `h` with the skip feature appended along the channels, when there is one.
func joined(_ h: Tensor, _ skip: Tensor?) throws -> Tensor {
    guard let skip else { return h }
    return try Tensor.concat([h, skip], axis: 1)
}
