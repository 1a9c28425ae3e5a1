import Tensor

/// A fully convolutional network from `[N, C, H, W]` images to `[N, 1, H, W]` logits.
public protocol SegmentationModel: Layer {
    var config: ModelConfig { get }
    /// Every input side the network itself sees must be a multiple of this.
    var sizeMultiple: Int { get }
    /// Logits of every output head (deep supervision), the final head last, for an input
    /// whose sides are multiples of `sizeMultiple`.
    func heads(aligned x: Tensor) throws -> [Tensor]
    /// The heads and, for a model with a classifier head, its image-level logits.
    func outputs(aligned x: Tensor) throws -> ModelOutputs
}

extension SegmentationModel {
    /// Logits of the final head for any input size: the input is zero-padded up to a multiple
    /// of `sizeMultiple` (evenly on both sides) and the output cropped back.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        try allHeads(x).last!
    }

    /// A model without a classifier head has its mask heads only.
    public func outputs(aligned x: Tensor) throws -> ModelOutputs {
        ModelOutputs(heads: try heads(aligned: x))
    }

    /// All heads for any input size (padded and cropped like `callAsFunction`).
    public func allHeads(_ x: Tensor) throws -> [Tensor] {
        try allOutputs(x).heads
    }

    /// All heads and the image-level logits for any input size, the input first normalised
    /// as the configuration records (before the padding, so the padding is the zeros a
    /// PyTorch peer pads its normalised input with): the heads are padded and cropped like
    /// `callAsFunction`; the image logits see the padded input.
    public func allOutputs(_ input: Tensor) throws -> ModelOutputs {
        try checkInput(input)
        let x = try config.normalization.apply(input)
        let m = sizeMultiple, h = x.shape[2], w = x.shape[3]
        let ph = (m - h % m) % m, pw = (m - w % m) % m
        if ph == 0 && pw == 0 { return try outputs(aligned: x) }
        let (top, left) = (ph / 2, pw / 2)
        let padded = try x.padded2d(top: top, bottom: ph - top, left: left, right: pw - left)
        var result = try outputs(aligned: padded)
        result.heads = try result.heads.map {
            try $0.padded2d(top: -top, bottom: -(ph - top), left: -left, right: -(pw - left))
        }
        return result
    }

    /// Throws unless `input` is `[N, inChannels, H, W]`.
    func checkInput(_ input: Tensor) throws {
        guard input.rank == 4, input.shape[1] == config.inChannels else {
            throw ShapeError("model", "expects [N, \(config.inChannels), H, W], got [\(input.shape.map(String.init).joined(separator: ", "))]")
        }
    }

    /// The layer table, parameter count and FLOPs of one forward pass at `height` x `width`.
    public func summary(height: Int, width: Int) throws -> ModelSummary {
        let wasTraining = isTraining
        eval()
        defer { train(wasTraining) }
        let input = Tensor(zeros: [1, config.inChannels, height, width])
        let profile = try LayerProfile.recording { _ = try Autograd.withoutGradients { try self(input) } }
        return ModelSummary(config: config, height: height, width: width, parameters: parameterCount,
                            layers: profile.records)
    }
}

/// What `describe` shows for a model.
public struct ModelSummary: Sendable {
    public var config: ModelConfig
    public var height: Int, width: Int
    public var parameters: Int
    public var layers: [LayerRecord]
    /// Multiply-adds count as two FLOPs, as in the benchmark figures.
    public var flops: Double { layers.reduce(0) { $0 + $1.flops } }

    /// A plain-text table: one row per convolution, then the totals. Each column is as wide
    /// as its widest cell; text columns align left, numbers right, headers with their column.
    public var table: String {
        let rows = layers.enumerated().map { i, l in
            ["\(i) \(l.kind)", "[" + l.outputShape.map(String.init).joined(separator: ", ") + "]",
             String(l.parameters), String(format: "%.1f", l.flops / 1e6)]
        }
        let header = ["layer", "output", "params", "MFLOPs"]
        let numeric = [false, false, true, true]
        let widths = header.indices.map { c in ([header] + rows).map { $0[c].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.indices.map { c in
                let fill = String(repeating: " ", count: widths[c] - cells[c].count)
                return numeric[c] ? fill + cells[c] : cells[c] + fill
            }.joined(separator: "  ")
        }
        var lines = [config.call, line(header)] + rows.map(line)
        lines.append("parameters: \(parameters)")
        lines.append(String(format: "forward at %dx%d: %.2f GFLOPs per image", width, height, flops / 1e9))
        return lines.joined(separator: "\n")
    }
}

/// Builds the network a configuration describes, initialised from its seed.
public func makeModel(_ config: ModelConfig) throws -> any SegmentationModel {
    try config.validate()
    switch config.architecture {
    case .unet: return UNet(config)
    case .resunet: return ResUNet(config)
    case .unetpp: return UNetPlusPlus(config)
    case .hyperunet: return HyperUNet(config)
    case .smpunet: return SMPUNet(config)
    }
}
