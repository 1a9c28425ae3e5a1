import Tensor

/// Everything needed to rebuild a model: stored in checkpoints and printed back as the
/// language call that makes it (`unet(base=16, depth=4, norm="batch")`).
public struct ModelConfig: Codable, Equatable, Sendable {
    public enum Architecture: String, Codable, Sendable, CaseIterable {
        case unet, resunet, unetpp, hyperunet
        /// smp's `Unet`, name for name and operation for operation (`SMPUNet`).
        case smpunet = "smp_unet"
    }

    public var architecture: Architecture
    public var depth: Int = 4
    public var base: Int = 16
    public var norm: String = "batch"
    public var activation: String = "relu"
    public var slope: Float = 0.01
    public var upsampling: String = "transpose"
    public var dropout: Float = 0
    /// The encoder: "effnet-b0" ... "effnet-b4" (an EfficientNet whose widths scale with
    /// `base`, see `EfficientNetVariant`) for any architecture; otherwise the architecture's
    /// own, "plain" (the default) for `unet`, `unetpp` and `hyperunet`, and "resnet18" or
    /// "resnet34" (the default) for `resunet`.
    public var encoder: String
    /// scSE attention in the decoder (`resunet`).
    public var attention: Bool = false
    /// Extra heads on every nested output (`unetpp`).
    public var deepSupervision: Bool = false
    public var inChannels: Int = 1
    /// The decoder stages' widths, deepest first (`smp_unet`; smp's `decoder_channels`).
    public var decoderChannels: [Int] = SMPUNet.defaultDecoderChannels
    /// The input normalisation the network expects, applied by its forward pass: "none" or
    /// "imagenet" (see `InputNormalization`).
    public var normalize: String = InputNormalization.none.rawValue
    /// Recompute each encoder/decoder stage in the backward pass instead of storing it.
    public var gradientCheckpointing: Bool = false
    /// The image-level classifier head's dropout, or nil for a model without the head
    /// (`cls_head=true` adds one, `ClassifierHead`).
    public var classifierDropout: Float?
    public var seed: UInt64 = 0

    public init(_ architecture: Architecture) {
        self.architecture = architecture
        encoder = architecture.ownEncoders[0]
        // smp's encoders are ImageNet encoders: their pretrained weights expect ImageNet's statistics.
        if architecture == .smpunet { normalize = InputNormalization.imagenet.rawValue }
    }

    /// Reads a configuration written by this or an earlier version: a field it lacks (one
    /// added since, such as `normalize` or `classifierDropout`) takes the architecture's
    /// default, so old checkpoints and weight files keep their architecture check on `resume`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try c.decode(Architecture.self, forKey: .architecture))
        func read<T: Decodable>(_ key: CodingKeys, into field: inout T) throws {
            if let value = try c.decodeIfPresent(T.self, forKey: key) { field = value }
        }
        try read(.depth, into: &depth)
        try read(.base, into: &base)
        try read(.norm, into: &norm)
        try read(.activation, into: &activation)
        try read(.slope, into: &slope)
        try read(.upsampling, into: &upsampling)
        try read(.dropout, into: &dropout)
        try read(.encoder, into: &encoder)
        try read(.attention, into: &attention)
        try read(.deepSupervision, into: &deepSupervision)
        try read(.inChannels, into: &inChannels)
        try read(.decoderChannels, into: &decoderChannels)
        try read(.normalize, into: &normalize)
        try read(.gradientCheckpointing, into: &gradientCheckpointing)
        classifierDropout = try c.decodeIfPresent(Float.self, forKey: .classifierDropout)
        try read(.seed, into: &seed)
    }

    /// The EfficientNet `encoder` names, if it names one.
    public var efficientNet: EfficientNetVariant? { EfficientNetVariant(rawValue: encoder) }

    /// How many times the network halves the resolution: 5 with the ResNet and EfficientNet
    /// encoders (stride 32), otherwise `depth`.
    public var levels: Int { architecture == .resunet || architecture == .smpunet || efficientNet != nil ? 5 : depth }

    public var normalization: InputNormalization { InputNormalization(rawValue: normalize) ?? .none }

    public var normKind: NormKind { NormKind(norm) ?? .batch }

    public var upsamplingKind: Upsampling { Upsampling(rawValue: upsampling) ?? .transpose }

    public var activationKind: Activation {
        switch activation {
        case "leaky_relu", "lrelu", "leaky": .leakyRelu(slope)
        case "swish", "silu": .swish
        default: .relu
        }
    }

    /// Checks the values a user typed, with a reason for the first one that is wrong.
    public func validate() throws {
        guard (1...6).contains(depth) else { throw ShapeError("model", "depth must be 1...6, got \(depth)") }
        guard (1...256).contains(base) else { throw ShapeError("model", "base width must be 1...256, got \(base)") }
        guard NormKind(norm) != nil else { throw ShapeError("model", "unknown norm \"\(norm)\" (batch, group, groupN, instance, none)") }
        guard (Self.activations + ["lrelu", "leaky", "silu"]).contains(activation) else {
            throw ShapeError("model", "unknown activation \"\(activation)\" (relu, leaky_relu, swish)")
        }
        guard Upsampling(rawValue: upsampling) != nil else {
            throw ShapeError("model", "unknown upsampling \"\(upsampling)\" (transpose, nearest, bilinear)")
        }
        guard dropout >= 0 && dropout < 1 else { throw ShapeError("model", "dropout must be in [0, 1), got \(dropout)") }
        let encoders = architecture.encoders
        guard encoders.contains(encoder) else {
            throw ShapeError("model", "unknown encoder \"\(encoder)\" for \(architecture.rawValue) (\(encoders.joined(separator: ", ")))")
        }
        guard (1...4).contains(inChannels) else { throw ShapeError("model", "in_channels must be 1...4, got \(inChannels)") }
        guard InputNormalization(rawValue: normalize) != nil else {
            throw ShapeError("model", "unknown normalize \"\(normalize)\" (\(InputNormalization.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if architecture == .smpunet { try validateSMP() }
        if let p = classifierDropout, !(p >= 0 && p < 1) {
            throw ShapeError("model", "cls_dropout must be in [0, 1), got \(p)")
        }
    }

    /// The language call that builds this model.
    public var call: String {
        if architecture == .smpunet { return smpCall }
        var args = ["base=\(base)"]
        if architecture != .resunet && efficientNet == nil { args.append("depth=\(depth)") }
        args.append("norm=\"\(norm)\"")
        if activation != "relu" { args.append("activation=\"\(activation)\"") }
        if activationKind.negativeSlope != 0 && slope != 0.01 { args.append("slope=\(slope)") }
        if upsampling != "transpose" && architecture != .resunet { args.append("upsampling=\"\(upsampling)\"") }
        if dropout > 0 { args.append("dropout=\(dropout)") }
        if architecture == .resunet || efficientNet != nil { args.append("encoder=\"\(encoder)\"") }
        if attention { args.append("attention=true") }
        if deepSupervision { args.append("deep_supervision=true") }
        if gradientCheckpointing { args.append("checkpointing=true") }
        args += classifierArguments
        if seed != 0 { args.append("seed=\(seed)") }
        return "\(architecture.rawValue)(\(args.joined(separator: ", ")))"
    }
}

extension ModelConfig {
    /// The activations' names (`lrelu`, `leaky` and `silu` are read as aliases).
    public static let activations = ["relu", "leaky_relu", "swish"]

    /// The upsampling modes' names.
    public static let upsamplings = Upsampling.allCases.map(\.rawValue)

    /// The classifier head's dropout when `cls_dropout` is not given.
    public static let defaultClassifierDropout: Float = 0.2

    /// `cls_head=true` (and a `cls_dropout` other than the default) in a model's call.
    var classifierArguments: [String] {
        guard let p = classifierDropout else { return [] }
        return p == Self.defaultClassifierDropout ? ["cls_head=true"] : ["cls_head=true", "cls_dropout=\(p)"]
    }
}

extension ModelConfig.Architecture {
    /// The encoders the architecture builds itself, its default first.
    var ownEncoders: [String] {
        switch self {
        case .resunet: ["resnet34", "resnet18"]
        case .smpunet: SMPUNet.encoders
        default: ["plain"]
        }
    }

    /// Every encoder the architecture takes: its own, then (but for `smp_unet`) the EfficientNets.
    public var encoders: [String] {
        self == .smpunet ? ownEncoders : ownEncoders + EfficientNetVariant.allCases.map(\.rawValue)
    }
}
