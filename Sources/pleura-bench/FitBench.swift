import Augment
import Data
import Foundation
import Segmentation
import Tensor

/// The whole `fit` loop as users run short experiments: unet(base=16, depth=4) at 128x128,
/// batch 8, the siim2019 augmentation, BCE + Dice, Adam, on 64 synthetic radiographs (one
/// epoch of 8 steps, after one untimed epoch). Augmentation, batching, loss and optimizer are
/// all inside the figure; its PyTorch peer is `scripts/bench/unet_peer.py fit`. Then the
/// network's step alone, against `scripts/bench/unet_peer.py train --size 128 --batch 8`.
func fitBench() throws {
    let size = 128, count = 64
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pleura-fit-bench-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try Synth.generate(to: folder, count: count, size: size, seed: 5, positiveRate: 0.5)
    let train = try Dataset.load(folder, preprocessing: Preprocessing(size: size), cacheDirectory: nil)
    var config = ModelConfig(.unet)
    config.base = 16; config.depth = 4
    var options = FitOptions(loss: BinaryCrossEntropy() + DiceLoss())
    options.batchSize = 8
    options.augmentation = try Presets.siim2019(size: size)
    var times: [Double] = []
    for _ in 0..<3 {
        let trainer = try Trainer(model: try makeModel(config), options: options)
        let start = DispatchTime.now().uptimeNanoseconds
        try trainer.fit(train: train, validation: nil)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    let best = times.dropFirst().min()!
    print("fit, \(config.call) \(size)x\(size), batch 8, siim2019, bce + dice: "
          + "\(fmt(Double(train.count) / best)) images/s (best of 2 epochs after a warm-up)")
    // The network's step alone at the same setting, what `unet_peer.py train --size 128
    // --batch 8` times: the rest of the loop is the difference.
    let (x, target) = randomBatch(8, size: size, seed: 7)
    let step = try trainingStep(try makeModel(config), x, target)
    print("  the training step alone (forward, backward, Adam on BCE): \(fmt(8 / step)) images/s")
}
