import Core
import Tensor

/// smp's `Conv2dReLU`: a bias-free convolution, a batch norm and a ReLU, as a Sequential whose
/// children "0" and "1" hold the weights (the ReLU, smp's "2", has none).
func smpConvBNReLU(_ inChannels: Int, _ outChannels: Int, generator g: inout SeededGenerator) -> Sequential {
    Sequential([
        Conv2d(inChannels, outChannels, kernel: 3, bias: false, generator: &g),
        NormAct(.batch, channels: outChannels, activation: .relu),
    ])
}

/// smp's decoder attention wrapper (`md.Attention`), which holds its scSE module as `attention`.
final class SMPAttention: Module, Layer {
    let scse: SCSE

    init(_ channels: Int, generator g: inout SeededGenerator) {
        scse = SCSE(channels, reduction: SMPUNet.attentionReduction, generator: &g)
        super.init()
        child("attention", scse)
    }

    func callAsFunction(_ x: Tensor) throws -> Tensor { try scse(x) }
}

/// smp's `DecoderBlock`: nearest doubling, concatenation [upsampled, skip], `attention1` on
/// the concatenation (only when there is a skip, though smp builds it in every block),
/// `conv1`, `conv2`, `attention2`.
final class SMPDecoderBlock: Module {
    let conv1: Sequential, conv2: Sequential
    let attention1: SMPAttention?, attention2: SMPAttention?

    init(_ inChannels: Int, skip: Int, _ outChannels: Int, attention: Bool, generator g: inout SeededGenerator) {
        conv1 = smpConvBNReLU(inChannels + skip, outChannels, generator: &g)
        attention1 = attention ? SMPAttention(inChannels + skip, generator: &g) : nil
        conv2 = smpConvBNReLU(outChannels, outChannels, generator: &g)
        attention2 = attention ? SMPAttention(outChannels, generator: &g) : nil
        super.init()
        child("conv1", conv1)
        if let attention1 { child("attention1", attention1) }
        child("conv2", conv2)
        if let attention2 { child("attention2", attention2) }
    }

    func callAsFunction(_ x: Tensor, skip: Tensor?) throws -> Tensor {
        var h = try x.upsampled(scale: 2, mode: .nearest)
        if let skip {
            h = try Tensor.concat([h, skip], axis: 1)
            if let attention1 { h = try attention1(h) }
        }
        h = try conv2(conv1(h))
        return try attention2?(h) ?? h
    }
}

/// segmentation_models_pytorch's `Unet(encoder_name=…, encoder_weights=None, in_channels=…,
/// classes=1, decoder_channels=…, decoder_attention_type=…)` with every parameter and
/// batch-norm buffer under smp's name and shape, so smp state_dicts load one to one and
/// Pleura's saves load into smp with `strict=True`. The arithmetic is smp's: the encoder (a
/// torchvision ResNet-18/34 or smp's timm EfficientNet-B0…B4) yields features at strides 2…32;
/// the centre is the identity; five decoder blocks each double the resolution (nearest),
/// concatenate the encoder feature of that stride (none in the last) and apply two
/// conv3x3-BN(eps 1e-5, momentum 0.1)-ReLU layers, with scSE attention when asked; the head
/// is one 3x3 convolution with bias (`segmentation_head.0`). Inputs are normalised as the
/// configuration records (`InputNormalization`), which smp leaves to the caller.
public final class SMPUNet: Module, SegmentationModel {
    public static let defaultDecoderChannels = [256, 128, 64, 32, 16]
    /// smp's encoder names, its default first.
    public static let encoders = ["resnet34", "resnet18"] + TimmEfficientNet.Variant.allCases.map(\.rawValue)
    /// smp's `SCSEModule` squeezes to channels // 16, so attention needs decoders at least this wide.
    static let attentionReduction = 16

    public let config: ModelConfig
    let encoder: any FeatureEncoder
    let blocks: [SMPDecoderBlock]
    let head: Conv2d
    let classifier: ClassifierHead?

    public var sizeMultiple: Int { 1 << encoder.layout.depth }

    public init(_ config: ModelConfig) {
        self.config = config
        var g = SeededGenerator(seed: config.seed)
        if let variant = TimmEfficientNet.Variant(rawValue: config.encoder) {
            encoder = TimmEfficientNet(variant, inChannels: config.inChannels, generator: &g)
        } else {
            encoder = ResNetEncoder(blocks: config.encoder == "resnet18" ? [2, 2, 2, 2] : [3, 4, 6, 3], base: 64,
                                    inChannels: config.inChannels, norm: .batch, activation: .relu, generator: &g)
        }
        let layout = encoder.layout
        var inWidth = layout.bottomChannels
        var blocks: [SMPDecoderBlock] = []
        for (k, width) in config.decoderChannels.enumerated() {
            let skip = layout.skipChannels[layout.depth - 1 - k]
            blocks.append(SMPDecoderBlock(inWidth, skip: skip, width, attention: config.attention, generator: &g))
            inWidth = width
        }
        self.blocks = blocks
        head = Conv2d(inWidth, 1, kernel: 3, generator: &g)
        classifier = ClassifierHead.make(config, layout: layout)
        super.init()
        for (name, module) in encoder.namedModules { child(name, module) }
        for (k, block) in blocks.enumerated() { child("decoder.blocks.\(k)", block) }
        child("segmentation_head.0", head)
        // Registered last, so the smp state_dict's names and order come first.
        if let classifier { child("cls_head", classifier) }
        for case let norm as NormAct in descendants { norm.tracksBatches() }
    }

    public func heads(aligned x: Tensor) throws -> [Tensor] { try outputs(aligned: x).heads }

    public func outputs(aligned x: Tensor) throws -> ModelOutputs {
        let features = try encoder.features(x, checkpointed: config.gradientCheckpointing)
        var h = features.bottom
        for (k, block) in blocks.enumerated() {
            h = try block(h, skip: features.skips[blocks.count - 1 - k])
        }
        return ModelOutputs(heads: [try head(h)], imageLogits: try classifier?(features.bottom))
    }
}

extension ModelConfig {
    /// The checks `smp_unet` adds: five decoder widths, wide enough for scSE when it is on.
    func validateSMP() throws {
        let widths = decoderChannels
        guard widths.count == 5 else {
            throw ShapeError("model", "decoder_channels must list 5 widths (one per decoder block), got \(widths.count)")
        }
        guard widths.allSatisfy({ (1...2048).contains($0) }) else {
            throw ShapeError("model", "decoder_channels must be widths in 1...2048, got \(widths)")
        }
        if attention, let narrow = widths.first(where: { $0 < SMPUNet.attentionReduction }) {
            throw ShapeError("model", "attention=\"scse\" needs decoder widths of at least \(SMPUNet.attentionReduction) "
                             + "(smp squeezes channels // 16), got \(narrow)")
        }
    }

    /// The language call that builds an `smp_unet`.
    var smpCall: String {
        var args = ["encoder=\"\(encoder)\""]
        if decoderChannels != SMPUNet.defaultDecoderChannels {
            args.append("decoder_channels=[\(decoderChannels.map(String.init).joined(separator: ", "))]")
        }
        if attention { args.append("attention=\"scse\"") }
        args.append("normalize=\"\(normalize)\"")
        if inChannels != 1 { args.append("in_channels=\(inChannels)") }
        if gradientCheckpointing { args.append("checkpointing=true") }
        args += classifierArguments
        if seed != 0 { args.append("seed=\(seed)") }
        return "\(architecture.rawValue)(\(args.joined(separator: ", ")))"
    }
}
