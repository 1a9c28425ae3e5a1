import Core
import Segmentation
import Tensor

/// The training step at 512x512, batch 2 (the resolution the 2019 winners fine-tuned at) on
/// the reference U-Net, with and without gradient checkpointing: images/s and the process's
/// peak resident memory. Peak RSS only grows, so the checkpointed step (the smaller) runs
/// first; run this section alone (`pleura-bench highres`) so earlier sections do not set the
/// peak. The PyTorch peer is `scripts/bench/unet_peer.py train --size 512 --batch 2
/// [--checkpoint]`, one process per setting.
func highResolutionBench() throws {
    let batch = 2, size = 512
    let (x, target) = randomBatch(batch, size: size, seed: 7)
    print("peak resident memory before: \(fmt(peakResidentMiB())) MiB")
    for checkpointing in [true, false] {
        var config = ModelConfig(.unet)
        config.base = 16; config.depth = 4; config.gradientCheckpointing = checkpointing
        let model = try makeModel(config)
        model.train()
        let optimizer = Adam(parameters: model.namedParameters(), learningRate: 1e-3)
        let loss = BinaryCrossEntropy()
        let seconds = try medianSeconds(runs: 5) {
            optimizer.zeroGrad()
            try loss(model(x), target).backward()
            optimizer.step()
        }
        print("\(config.call) \(size)x\(size), batch \(batch), training step\(checkpointing ? " with gradient checkpointing" : ""): "
              + "\(fmt(Double(batch) / seconds)) images/s, peak resident memory \(fmt(peakResidentMiB())) MiB")
    }
}
