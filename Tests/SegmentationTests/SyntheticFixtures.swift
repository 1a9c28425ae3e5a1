import Data
import Foundation
import Segmentation

/// A synthetic SIIM-format set written to a per-process temporary folder and loaded at
/// its own size, half of it positive: what the training tests train on.
func synthesizedDataset(_ label: String, count: Int, size: Int, seed: UInt64) throws -> Dataset {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pleura-\(label)-\(getpid())").path
    try Synth.generate(to: folder, count: count, size: size, seed: seed, positiveRate: 0.5)
    return try Dataset.load(folder, preprocessing: Preprocessing(size: size), cacheDirectory: nil)
}

/// A plain U-Net small enough for a test to train in seconds.
func testUNet(base: Int, depth: Int, seed: UInt64) throws -> any SegmentationModel {
    var c = ModelConfig(.unet)
    c.base = base; c.depth = depth; c.seed = seed
    return try makeModel(c)
}
