import Core
import Tensor

/// Nested U-Net (U-Net++, Zhou et al. 2018). Node X(i, j) at level i fuses every earlier
/// node of its level with the upsampled X(i+1, j−1), so the skip pathways are dense; the
/// X(i, 0) are the encoder's features. With an EfficientNet encoder there is no X(0, 0)
/// (its first feature has stride 2), so level 0's nodes fuse only the decoder's.
/// With deep supervision, every X(0, j) gets a head and training averages their losses.
public final class UNetPlusPlus: Module, SegmentationModel {
    public let config: ModelConfig
    let encoder: any FeatureEncoder
    var nodes: [[DoubleConv]] = []    // nodes[i][j − 1]: X(i, j), j ≥ 1
    var ups: [[Upsample]] = []        // ups[i][j]: X(i+1, j) → level i
    var outputHeads: [Conv2d] = []
    var classifier: ClassifierHead?

    public var sizeMultiple: Int { 1 << encoder.layout.depth }

    public init(_ config: ModelConfig) {
        self.config = config
        var g = SeededGenerator(seed: config.seed)
        let (norm, act) = (config.normKind, config.activationKind)
        let mode = config.upsamplingKind
        encoder = makeEncoder(config, generator: &g) { g in
            PlainEncoder(config, activation: act, bottleneck: true, names: { "x_\($0)_0" }, generator: &g)
        }
        let layout = encoder.layout, d = layout.depth
        let width = { (level: Int) in config.base << level }
        // Channels of X(i, 0), the encoder's feature at level i (0 where it has none).
        let featureChannels = { (i: Int) in i == d ? layout.bottomChannels : layout.skipChannels[i] }
        super.init()
        for (name, module) in encoder.namedModules { child(name, module) }
        for i in 0..<d {
            var row: [DoubleConv] = [], upRow: [Upsample] = []
            for j in 0..<(d - i) {
                let below = j == 0 ? featureChannels(i + 1) : width(i + 1)
                upRow.append(child("up_\(i)_\(j)", Upsample(below, width(i), mode: mode, generator: &g)))
                // X(i, 0), X(i, 1...j) and the upsampled X(i+1, j).
                let input = featureChannels(i) + width(i) * (j + 1)
                row.append(child("x_\(i)_\(j + 1)", DoubleConv(input, width(i), norm: norm, activation: act, generator: &g)))
            }
            nodes.append(row)
            ups.append(upRow)
        }
        let headCount = config.deepSupervision ? d : 1
        for k in 0..<headCount {
            outputHeads.append(child(config.deepSupervision ? "head_\(k + 1)" : "head", segmentationHead(width(0), generator: &g)))
        }
        classifier = ClassifierHead.make(config, layout: layout)
        if let classifier { child("cls_head", classifier) }
    }

    public func heads(aligned x: Tensor) throws -> [Tensor] { try outputs(aligned: x).heads }

    public func outputs(aligned x: Tensor) throws -> ModelOutputs {
        let ckpt = config.gradientCheckpointing
        let features = try encoder.features(x, checkpointed: ckpt)
        let d = nodes.count
        // level[i]: the nodes of level i computed so far, X(i, 0) first when the encoder has it.
        var level = (0...d).map { i in i == d ? [features.bottom] : features.skips[i].map { [$0] } ?? [] }
        for j in 1...d {
            for i in 0...(d - j) {
                let inputs = level[i] + [try ups[i][j - 1](level[i + 1].last!)]
                level[i].append(try nodes[i][j - 1](Tensor.concat(inputs, axis: 1), checkpointed: ckpt))
            }
        }
        let imageLogits = try classifier?(features.bottom)
        if config.deepSupervision {
            let heads = try zip(outputHeads, level[0].suffix(d)).map { head, node in try head(node) }
            return ModelOutputs(heads: heads, imageLogits: imageLogits)
        }
        return ModelOutputs(heads: [try outputHeads[0](level[0].last!)], imageLogits: imageLogits)
    }
}
