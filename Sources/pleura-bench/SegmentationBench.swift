import Core
import Segmentation
import Tensor

/// U-Net training and inference throughput at the reference setting:
/// unet(base=16, depth=4, norm="batch"), 256x256, batch 4, Adam, BCE; then the memory that
/// gradient checkpointing saves on the same step.
func segmentationBench() throws {
    var config = ModelConfig(.unet)
    config.base = 16
    config.depth = 4
    let batch = 4, size = 256
    let (x, target) = randomBatch(batch, size: size, seed: 7)

    // In a scope of its own: the evaluated model (and the transformed weights it keeps for
    // inference) is gone before the training figures' peak memory is read.
    do {
        let model = try makeModel(config)
        let summary = try model.summary(height: size, width: size)
        print("model: \(config.call), \(summary.parameters) parameters, \(fmt(summary.flops / 1e9, 2)) GFLOPs/image forward")
        model.eval()
        let forward = try medianSeconds(runs: 7) { _ = try model.inferenceOutputs(x) }
        print("forward (eval, no grad, the images over the threads): \(fmt(Double(batch) / forward)) images/s")
        print("peak resident memory after inference: \(fmt(peakResidentMiB())) MiB")
    }

    // Checkpointed first: peak RSS only grows, so the smaller figure must come first.
    for checkpointing in [true, false] {
        var c = config
        c.gradientCheckpointing = checkpointing
        let step = try trainingStep(try makeModel(c), x, target)
        let label = checkpointing ? "training step with gradient checkpointing" : "training step (forward+backward+Adam)"
        print("\(label): \(fmt(Double(batch) / step)) images/s, peak resident memory \(fmt(peakResidentMiB())) MiB")
    }

    // The same step on a U-Net with an EfficientNet-B0 encoder (depthwise convolutions).
    var effnet = ModelConfig(.unet)
    effnet.base = 16
    effnet.encoder = "effnet-b0"
    let effnetModel = try makeModel(effnet)
    let effnetStep = try trainingStep(effnetModel, x, target)
    print("\(effnet.call), \(effnetModel.parameterCount) parameters: training step \(fmt(Double(batch) / effnetStep)) images/s")
}

/// The median time of one Adam step on BCE with logits, in training mode.
func trainingStep(_ model: any SegmentationModel, _ x: Tensor, _ target: Tensor) throws -> Double {
    model.train()
    let optimizer = Adam(parameters: model.namedParameters(), learningRate: 1e-3)
    let loss = BinaryCrossEntropy()
    return try medianSeconds(runs: 7) {
        optimizer.zeroGrad()
        try loss(model(x), target).backward()
        optimizer.step()
    }
}
