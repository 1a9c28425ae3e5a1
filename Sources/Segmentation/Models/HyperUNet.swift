import Core
import Tensor

/// The residual block of the 2019 Keras reference:
/// BN(x) + [conv3x3-BN-LReLU, conv3x3-BN](BN(LReLU(x))).
final class ReferenceResidualBlock: Module, Layer {
    let preNorm: NormAct, shortcutNorm: NormAct
    let conv1: Conv2d, norm1: NormAct, conv2: Conv2d, norm2: NormAct
    let slope: Float

    init(_ channels: Int, norm: NormKind, slope: Float, generator g: inout SeededGenerator) {
        self.slope = slope
        preNorm = NormAct(norm, channels: channels, activation: .identity)
        shortcutNorm = NormAct(norm, channels: channels, activation: .identity)
        conv1 = Conv2d(channels, channels, kernel: 3, negativeSlope: slope, generator: &g)
        norm1 = NormAct(norm, channels: channels, activation: .leakyRelu(slope))
        conv2 = Conv2d(channels, channels, kernel: 3, generator: &g)
        norm2 = NormAct(norm, channels: channels, activation: .identity)
        super.init()
        child("pre_norm", preNorm); child("shortcut_norm", shortcutNorm)
        child("conv1", conv1); child("norm1", norm1); child("conv2", conv2); child("norm2", norm2)
    }

    func callAsFunction(_ x: Tensor) throws -> Tensor {
        let t = try preNorm(x.leakyRelu(slope: slope))
        return try norm2(conv2, norm1(conv1, t)) + shortcutNorm(x)
    }
}

/// LeakyReLU's negative slope throughout the 2019 reference network.
let referenceSlope: Float = 0.1

/// The seed pipeline's "simplified U-Net++": a plain encoder (or an EfficientNet), a middle
/// block of two reference residual blocks, and a decoder whose every stage also receives each
/// deeper stage's upsampled output (chains of stride-2 3x3 transposed convolutions:
/// hypercolumn skips), with residual decoder blocks, LeakyReLU(0.1) and dropout.
public final class HyperUNet: Module, SegmentationModel {
    public let config: ModelConfig
    let encoder: any FeatureEncoder
    let middleConv: Conv2d
    let middle: [ReferenceResidualBlock]
    let deconv: [ConvTranspose2d]            // deconv[k]: into level k from the stage below
    let hyper: [[ConvTranspose2d]]           // hyper[m]: chain from level m's deconv down to level 0
    let fuse: [Conv2d], residual: [ReferenceResidualBlock]
    let dropouts: [Dropout]
    let head: Conv2d
    let classifier: ClassifierHead?
    let slope = referenceSlope

    public var sizeMultiple: Int { 1 << encoder.layout.depth }

    public init(_ config: ModelConfig) {
        self.config = config
        var g = SeededGenerator(seed: config.seed)
        let norm = config.normKind
        let slope = referenceSlope
        encoder = makeEncoder(config, generator: &g) { g in
            PlainEncoder(config, activation: .leakyRelu(slope), bottleneck: false, names: { "encoder.\($0)" }, generator: &g)
        }
        let layout = encoder.layout, d = layout.depth
        let width = { (level: Int) in config.base << level }
        middleConv = Conv2d(layout.bottomChannels, width(d), kernel: 3, negativeSlope: slope, generator: &g)
        middle = (0..<2).map { _ in ReferenceResidualBlock(width(d), norm: norm, slope: slope, generator: &g) }
        func up(_ i: Int, _ o: Int) -> ConvTranspose2d {
            ConvTranspose2d(i, o, kernel: 3, stride: 2, padding: 1, outputPadding: 1, generator: &g)
        }
        deconv = (0..<d).map { k in up(k == d - 1 ? width(d) : width(k + 1), width(k)) }
        hyper = (0..<d).map { m in (0..<m).reversed().map { k in up(width(k + 1), width(k)) } }
        fuse = (0..<d).map { k in
            // deconv_k, the hypercolumn copies of every deeper deconv, and the encoder skip.
            Conv2d(width(k) * (1 + (d - 1 - k)) + layout.skipChannels[k], width(k), kernel: 3, negativeSlope: slope, generator: &g)
        }
        residual = (0..<d).map { k in ReferenceResidualBlock(width(k), norm: norm, slope: slope, generator: &g) }
        dropouts = (0..<d).map { _ in Dropout(config.dropout, generator: &g) }
        head = segmentationHead(width(0), generator: &g)
        classifier = ClassifierHead.make(config, layout: layout)
        super.init()
        for (name, module) in encoder.namedModules { child(name, module) }
        child("middle.conv", middleConv)
        for (i, m) in middle.enumerated() { child("middle.res\(i)", m) }
        for k in 0..<d {
            child("decoder.\(k).deconv", deconv[k])
            for (s, m) in hyper[k].enumerated() { child("decoder.\(k).hyper.\(s)", m) }
            child("decoder.\(k).fuse", fuse[k])
            child("decoder.\(k).residual", residual[k])
            child("decoder.\(k).dropout", dropouts[k])
        }
        child("head", head)
        if let classifier { child("cls_head", classifier) }
    }

    public func heads(aligned x: Tensor) throws -> [Tensor] { try outputs(aligned: x).heads }

    public func outputs(aligned x: Tensor) throws -> ModelOutputs {
        let features = try encoder.features(x, checkpointed: config.gradientCheckpointing)
        let d = deconv.count
        var h = try middleConv(features.bottom)
        for block in middle { h = try block(h) }
        h = h.leakyRelu(slope: slope)
        // arriving[k]: hypercolumn copies that have reached level k so far.
        var arriving = [[Tensor]](repeating: [], count: d)
        for k in stride(from: d - 1, through: 0, by: -1) {
            let up = try deconv[k](h)
            var copy = up
            for (s, step) in hyper[k].enumerated() {
                copy = try step(copy)
                arriving[k - 1 - s].append(copy)
            }
            let cat = try Tensor.concat([up] + arriving[k] + (features.skips[k].map { [$0] } ?? []), axis: 1)
            h = try residual[k](fuse[k](dropouts[k](cat))).leakyRelu(slope: slope)
        }
        return ModelOutputs(heads: [try head(h)], imageLogits: try classifier?(features.bottom))
    }
}
