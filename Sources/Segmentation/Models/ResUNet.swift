import Core
import Tensor

/// ResNet basic block (torchvision names): conv3x3-BN-ReLU-conv3x3-BN plus the shortcut,
/// then ReLU; a 1x1 strided projection when the shape changes.
final class BasicBlock: Module, Layer {
    let conv1: Conv2d, bn1: NormAct, conv2: Conv2d, bn2: NormAct
    let projection: Conv2d?, projectionNorm: NormAct?
    let activation: Activation

    init(_ inChannels: Int, _ outChannels: Int, stride: Int, norm: NormKind, activation: Activation,
         generator g: inout SeededGenerator) {
        self.activation = activation
        conv1 = Conv2d(inChannels, outChannels, kernel: 3, stride: Spatial(stride, stride), bias: false, generator: &g)
        bn1 = NormAct(norm, channels: outChannels, activation: activation)
        conv2 = Conv2d(outChannels, outChannels, kernel: 3, bias: false, generator: &g)
        bn2 = NormAct(norm, channels: outChannels, activation: .identity)
        if stride != 1 || inChannels != outChannels {
            projection = Conv2d(inChannels, outChannels, kernel: 1, stride: Spatial(stride, stride), padding: 0, bias: false, generator: &g)
            projectionNorm = NormAct(norm, channels: outChannels, activation: .identity)
        } else {
            projection = nil
            projectionNorm = nil
        }
        super.init()
        child("conv1", conv1); child("bn1", bn1); child("conv2", conv2); child("bn2", bn2)
        if let projection, let projectionNorm { child("downsample.0", projection); child("downsample.1", projectionNorm) }
    }

    func callAsFunction(_ x: Tensor) throws -> Tensor {
        let shortcut = try projection.map { try projectionNorm!($0, x) } ?? x
        return activation.apply(try bn2(conv2, bn1(conv1, x)) + shortcut)
    }
}

/// U-Net with a ResNet-18/34 encoder (or an EfficientNet) and a decoder of residual blocks,
/// optionally with scSE attention on each decoder stage's input and output, as smp's
/// `Unet(decoder_attention_type="scse")`.
public final class ResUNet: Module, SegmentationModel {
    public let config: ModelConfig
    let encoder: any FeatureEncoder
    let decoder: [BasicBlock]
    let attentionIn: [SCSE?], attentionOut: [SCSE?]
    let head: Conv2d
    let classifier: ClassifierHead?

    public var sizeMultiple: Int { 1 << encoder.layout.depth }

    public init(_ config: ModelConfig) {
        self.config = config
        var g = SeededGenerator(seed: config.seed)
        let (norm, act, b) = (config.normKind, config.activationKind, config.base)
        encoder = makeEncoder(config, generator: &g) { g in
            ResNetEncoder(blocks: config.encoder == "resnet18" ? [2, 2, 2, 2] : [3, 4, 6, 3], base: b,
                          inChannels: config.inChannels, norm: norm, activation: act, generator: &g)
        }
        // Decoder stages from 1/32 up to full size, each taking the skip at its level (if any).
        let layout = encoder.layout
        let decoderWidths = [4 * b, 2 * b, b, max(4, b / 2), max(4, b / 4)]
        var inWidth = layout.bottomChannels
        var dec: [BasicBlock] = [], attIn: [SCSE?] = [], attOut: [SCSE?] = []
        for k in 0..<layout.depth {
            let skip = layout.skipChannels[layout.depth - 1 - k]
            let cat = inWidth + skip
            attIn.append(config.attention && skip > 0 ? SCSE(cat, generator: &g) : nil)
            dec.append(BasicBlock(cat, decoderWidths[k], stride: 1, norm: norm, activation: act, generator: &g))
            attOut.append(config.attention ? SCSE(decoderWidths[k], generator: &g) : nil)
            inWidth = decoderWidths[k]
        }
        decoder = dec; attentionIn = attIn; attentionOut = attOut
        head = Conv2d(inWidth, 1, kernel: 3, generator: &g)
        classifier = ClassifierHead.make(config, layout: layout)
        super.init()
        for (name, module) in encoder.namedModules { child(name, module) }
        for k in 0..<decoder.count {
            if let a = attentionIn[k] { child("decoder.blocks.\(k).attention1", a) }
            child("decoder.blocks.\(k).block", decoder[k])
            if let a = attentionOut[k] { child("decoder.blocks.\(k).attention2", a) }
        }
        child("segmentation_head", head)
        if let classifier { child("cls_head", classifier) }
    }

    public func heads(aligned x: Tensor) throws -> [Tensor] { try outputs(aligned: x).heads }

    public func outputs(aligned x: Tensor) throws -> ModelOutputs {
        let features = try encoder.features(x, checkpointed: config.gradientCheckpointing)
        var h = features.bottom
        for k in 0..<decoder.count {
            h = try joined(h.upsampled(scale: 2, mode: .nearest), features.skips[decoder.count - 1 - k])
            if let a = attentionIn[k] { h = try a(h) }
            h = try decoder[k](h)
            if let a = attentionOut[k] { h = try a(h) }
        }
        return ModelOutputs(heads: [try head(h)], imageLogits: try classifier?(features.bottom))
    }
}
