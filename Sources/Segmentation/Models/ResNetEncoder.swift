import Core
import Tensor

/// A ResNet-18/34 encoder with torchvision's names under `encoder.`: a 7x7 stride-2
/// conv-norm-activation stem, a 3x3 stride-2 max pool and four stages of basic blocks of
/// widths base, 2·base, 4·base, 8·base (torchvision uses base 64). Skips are the stem (stride
/// 2) and the first three stages (4, 8, 16); the bottom is the fourth stage (32).
final class ResNetEncoder: Module, FeatureEncoder {
    let stem: Conv2d, stemNorm: NormAct
    let stages: [Sequential]
    let layout: FeatureLayout
    var namedModules: [(name: String, module: Module)] { [("encoder", self)] }

    /// `blocks`: basic blocks per stage ([2, 2, 2, 2] for ResNet-18, [3, 4, 6, 3] for ResNet-34).
    init(blocks: [Int], base b: Int, inChannels: Int, norm: NormKind, activation: Activation,
         generator g: inout SeededGenerator) {
        let widths = [b, b, 2 * b, 4 * b, 8 * b]
        stem = Conv2d(inChannels, b, kernel: 7, stride: 2, padding: 3, bias: false, generator: &g)
        stemNorm = NormAct(norm, channels: b, activation: activation)
        stages = (0..<4).map { s in
            Sequential((0..<blocks[s]).map { k in
                BasicBlock(k == 0 ? widths[s] : widths[s + 1], widths[s + 1], stride: k == 0 && s > 0 ? 2 : 1,
                           norm: norm, activation: activation, generator: &g)
            })
        }
        layout = FeatureLayout(skipChannels: [0] + widths.prefix(4), bottomChannels: widths[4])
        super.init()
        child("conv1", stem); child("bn1", stemNorm)
        for (i, s) in stages.enumerated() { child("layer\(i + 1)", s) }
    }

    func features(_ x: Tensor, checkpointed: Bool) throws -> EncoderFeatures {
        let s0 = try stemNorm(stem, x)
        var skips: [Tensor?] = [nil, s0]
        var h = try s0.maxPool2d(kernel: 3, stride: 2, padding: 1)
        for stage in stages {
            h = try stage(h, checkpointed: checkpointed)
            skips.append(h)
        }
        return EncoderFeatures(skips: Array(skips.prefix(layout.depth)), bottom: h)
    }
}
