import Segmentation
import Tensor

/// U-Net training and inference throughput at the reference setting:
/// unet(base=16, depth=4, norm="batch"), 256x256, batch 4.
func segmentationBench() throws {
    var config = ModelConfig(.unet)
    config.base = 16
    config.depth = 4
    let model = try makeModel(config)
    var rng = SeededGenerator(seed: 7)
    let batch = 4, size = 256
    let x = Tensor(shape: [batch, 1, size, size], data: (0..<(batch * size * size)).map { _ in Float(rng.uniform()) })
    let target = Tensor(shape: [batch, 1, size, size], data: (0..<(batch * size * size)).map { _ in rng.chance(0.1) ? 1 : 0 })
    let summary = try model.summary(height: size, width: size)
    print("model: \(config.call), \(summary.parameters) parameters, \(fmt(summary.flops / 1e9, 2)) GFLOPs/image forward")

    model.eval()
    let forward = try medianSeconds(runs: 3) { _ = try Autograd.withoutGradients { try model(x) } }
    print("forward (eval, no grad): \(fmt(Double(batch) / forward)) images/s")

    model.train()
    let step = try medianSeconds(runs: 3) { try trainingStep(model, x, target) }
    print("training step (forward+backward+update): \(fmt(Double(batch) / step)) images/s")
    print("peak resident memory: \(fmt(peakResidentMiB())) MiB")

    // The same step on a U-Net with an EfficientNet-B0 encoder (depthwise convolutions).
    var effnet = ModelConfig(.unet)
    effnet.base = 16
    effnet.encoder = "effnet-b0"
    let effnetModel = try makeModel(effnet)
    let effnetStep = try medianSeconds(runs: 3) { try trainingStep(effnetModel, x, target) }
    print("\(effnet.call), \(effnetModel.parameterCount) parameters: training step \(fmt(Double(batch) / effnetStep)) images/s")
}

/// One plain SGD step on BCE with logits: max(x,0) - x·t + log(1 + e^-|x|).
private func trainingStep(_ model: any SegmentationModel, _ x: Tensor, _ target: Tensor) throws {
    model.zeroGrad()
    let logits = try model(x)
    let loss = try (logits.relu() - logits * target + logits.abs().map({ log1pExp(-$0) }, derivative: { x, _ in -1 / (1 + expf(x)) })).mean()
    try loss.backward()
    for p in model.parameters {
        guard let g = p.grad else { continue }
        for i in 0..<p.count { p.data[i] -= 1e-3 * g[i] }
    }
}

import Foundation
private func log1pExp(_ v: Float) -> Float { log1p(exp(v)) }
