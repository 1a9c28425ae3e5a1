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
        let shortcut = try projection.map { try projectionNorm!($0(x)) } ?? x
        return activation.apply(try bn2(conv2(bn1(conv1(x)))) + shortcut)
    }
}

/// U-Net with a ResNet-18/34 encoder (stage widths base, base, 2·base, 4·base, 8·base;
/// torchvision uses base 64) and a decoder of residual blocks, optionally with scSE
/// attention on each decoder stage's input and output, as smp's `Unet(decoder_attention_type="scse")`.
public final class ResUNet: Module, SegmentationModel {
    public let config: ModelConfig
    let stem: Conv2d, stemNorm: NormAct
    let stages: [Sequential]
    let decoder: [BasicBlock]
    let attentionIn: [SCSE?], attentionOut: [SCSE?]
    let head: Conv2d

    public var sizeMultiple: Int { 32 }

    public init(_ config: ModelConfig) {
        self.config = config
        var g = SeededGenerator(seed: config.seed)
        let (norm, act, b) = (config.normKind, config.activationKind, config.base)
        let blocks = config.encoder == "resnet18" ? [2, 2, 2, 2] : [3, 4, 6, 3]
        let widths = [b, b, 2 * b, 4 * b, 8 * b]
        stem = Conv2d(config.inChannels, b, kernel: 7, stride: 2, padding: 3, bias: false, generator: &g)
        stemNorm = NormAct(norm, channels: b, activation: act)
        stages = (0..<4).map { s in
            Sequential((0..<blocks[s]).map { k in
                BasicBlock(k == 0 ? widths[s] : widths[s + 1], widths[s + 1], stride: k == 0 && s > 0 ? 2 : 1,
                           norm: norm, activation: act, generator: &g)
            })
        }
        // Decoder stages from 1/32 up to full size; skips: layer3, layer2, layer1, stem, none.
        let skipWidths = [4 * b, 2 * b, b, b, 0]
        let decoderWidths = [4 * b, 2 * b, b, max(4, b / 2), max(4, b / 4)]
        var inWidth = 8 * b
        var dec: [BasicBlock] = [], attIn: [SCSE?] = [], attOut: [SCSE?] = []
        for k in 0..<5 {
            let cat = inWidth + skipWidths[k]
            attIn.append(config.attention && skipWidths[k] > 0 ? SCSE(cat, generator: &g) : nil)
            dec.append(BasicBlock(cat, decoderWidths[k], stride: 1, norm: norm, activation: act, generator: &g))
            attOut.append(config.attention ? SCSE(decoderWidths[k], generator: &g) : nil)
            inWidth = decoderWidths[k]
        }
        decoder = dec; attentionIn = attIn; attentionOut = attOut
        head = Conv2d(inWidth, 1, kernel: 3, generator: &g)
        super.init()
        child("encoder.conv1", stem); child("encoder.bn1", stemNorm)
        for (i, s) in stages.enumerated() { child("encoder.layer\(i + 1)", s) }
        for k in 0..<5 {
            if let a = attentionIn[k] { child("decoder.blocks.\(k).attention1", a) }
            child("decoder.blocks.\(k).block", decoder[k])
            if let a = attentionOut[k] { child("decoder.blocks.\(k).attention2", a) }
        }
        child("segmentation_head", head)
    }

    public func heads(aligned x: Tensor) throws -> [Tensor] {
        let s0 = try stemNorm(stem(x))                       // 1/2
        var h = try s0.maxPool2d(kernel: 3, stride: 2, padding: 1)
        var features: [Tensor] = []
        for stage in stages { h = try stage(h); features.append(h) }  // 1/4 ... 1/32
        let skips: [Tensor?] = [features[2], features[1], features[0], s0, nil]
        for k in 0..<5 {
            h = try h.upsampled(scale: 2, mode: .nearest)
            if let skip = skips[k] { h = try Tensor.concat([h, skip], axis: 1) }
            if let a = attentionIn[k] { h = try a(h) }
            h = try decoder[k](h)
            if let a = attentionOut[k] { h = try a(h) }
        }
        return [try head(h)]
    }
}
