import Tensor

/// Nested U-Net (U-Net++, Zhou et al. 2018). Node X(i, j) at level i fuses every earlier
/// node of its level with the upsampled X(i+1, j−1), so the skip pathways are dense.
/// With deep supervision, every X(0, j) gets a head and training averages their losses.
public final class UNetPlusPlus: Module, SegmentationModel {
    public let config: ModelConfig
    var nodes: [[DoubleConv]] = []    // nodes[i][j]
    var ups: [[Upsample]] = []        // ups[i][j]: X(i+1, j) → level i
    var outputHeads: [Conv2d] = []

    public var sizeMultiple: Int { 1 << config.depth }

    public init(_ config: ModelConfig) {
        self.config = config
        var g = SeededGenerator(seed: config.seed)
        let (norm, act, d) = (config.normKind, config.activationKind, config.depth)
        let mode = Upsampling(rawValue: config.upsampling) ?? .transpose
        let width = { (level: Int) in config.base << level }
        super.init()
        for i in 0...d {
            var row: [DoubleConv] = [], upRow: [Upsample] = []
            for j in 0...(d - i) {
                let input = j == 0 ? (i == 0 ? config.inChannels : width(i - 1)) : width(i) * (j + 1)
                let node = DoubleConv(input, width(i), norm: norm, activation: act,
                                      dropout: i == d ? config.dropout : 0, generator: &g)
                row.append(child("x_\(i)_\(j)", node))
                if i < d && j < d - i {
                    upRow.append(child("up_\(i)_\(j)", Upsample(width(i + 1), width(i), mode: mode, generator: &g)))
                }
            }
            nodes.append(row)
            ups.append(upRow)
        }
        let headCount = config.deepSupervision ? d : 1
        for k in 0..<headCount {
            outputHeads.append(child(config.deepSupervision ? "head_\(k + 1)" : "head", segmentationHead(width(0), generator: &g)))
        }
    }

    public func heads(aligned x: Tensor) throws -> [Tensor] {
        let d = config.depth
        var out = [[Tensor]](repeating: [], count: d + 1)
        var h = x
        for i in 0...d {
            if i > 0 { h = try out[i - 1][0].maxPool2d(kernel: 2) }
            out[i].append(try nodes[i][0](h, checkpointed: config.gradientCheckpointing))
        }
        for j in 1...d {
            for i in 0...(d - j) {
                let inputs = out[i] + [try ups[i][j - 1](out[i + 1][j - 1])]
                out[i].append(try nodes[i][j](Tensor.concat(inputs, axis: 1), checkpointed: config.gradientCheckpointing))
            }
        }
        if config.deepSupervision {
            return try (1...d).map { try outputHeads[$0 - 1](out[0][$0]) }
        }
        return [try outputHeads[0](out[0][d])]
    }
}
