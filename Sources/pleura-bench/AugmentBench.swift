import Augment
import Foundation
import Core
import Imaging
import Tensor

/// The `siim2019` preset on 256x256 image+mask pairs: pairs per second with the batch spread
/// over the threads (each pair with its own forked generator), then each transform alone.
///
/// The peer is scripts/bench/augment_peer.py (its header gives the command): albumentations
/// 2.0.8, one process, uint8 images, running the same probabilities and ranges:
///
///     A.Compose([
///         A.HorizontalFlip(p=0.5),
///         A.OneOf([A.RandomBrightnessContrast(brightness_limit=0, contrast_limit=0.2, p=1),
///                  A.RandomGamma(gamma_limit=(80, 120), p=1),
///                  A.RandomBrightnessContrast(brightness_limit=0.2, contrast_limit=0,
///                                             brightness_by_max=False, p=1)], p=0.3),
///         A.OneOf([A.ElasticTransform(alpha=120, sigma=6, border_mode=cv2.BORDER_REFLECT_101, p=1),
///                  A.GridDistortion(normalized=False, border_mode=cv2.BORDER_REFLECT_101, p=1),
///                  A.OpticalDistortion(distort_limit=2, border_mode=cv2.BORDER_REFLECT_101, p=1)], p=0.3),
///         A.RandomSizedCrop(min_max_height=(156, 256), size=(256, 256), p=0.25)])
///
/// (2.x has no `alpha_affine` for the elastic transform nor `shift_limit` for the optical
/// distortion, so the peer does slightly less work there than Pleura.)
/// PLEURA_BENCH_ROUNDS (default 20) sets the preset's rounds of 64 pairs, so that a run under
/// `valgrind --tool=callgrind` (which counts instructions, steady on a loaded machine) stays short.
func augmentBench() throws {
    let benchRounds = max(1, Int(ProcessInfo.processInfo.environment["PLEURA_BENCH_ROUNDS"] ?? "") ?? 20)
    let side = 256
    let preset = try Presets.siim2019(size: side)
    var rng = SeededGenerator(seed: 2019)
    let batch = try (0..<64).map { _ -> Pair in
        var mask = Mask(width: side, height: side)
        for y in 90..<160 { for x in 70..<140 { mask[x, y] = 1 } }
        let pixels = (0..<(side * side)).map { _ in Float(rng.uniform()) }
        return try Pair(image: Image(width: side, height: side, pixels: pixels), mask: mask)
    }
    let saved = Parallel.threadCount
    defer { Parallel.threadCount = saved }
    for threads in [1, 2] {
        Parallel.threadCount = threads
        _ = preset.apply(to: batch, seed: 0)   // warm up
        let rounds = benchRounds
        let start = ContinuousClock.now, startCPU = processCPUSeconds()
        for round in 0..<rounds { _ = preset.apply(to: batch, seed: UInt64(round)) }
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        let pairs = Double(rounds * batch.count)
        let cpuMs = (processCPUSeconds() - startCPU) * 1000 / pairs
        print("siim2019 \(side)x\(side), \(threads) thread(s): \(Int(pairs / seconds)) pairs/s wall "
              + "(floor 2,000 on 2 threads); \(String(format: "%.3f", cpuMs)) CPU ms per pair")
    }
    Parallel.threadCount = 1
    // CPU time rather than wall time, so the figures hold on a machine shared with other work.
    print("each transform forced, one thread, CPU ms per pair:")
    for leaf in preset.leaves {
        let reps = 30
        let start = processCPUSeconds()
        for i in 0..<reps {
            var g = SeededGenerator(seed: UInt64(i))
            var drawn: [Drawn] = []
            _ = leaf.applyAlways(to: batch[i % batch.count], using: &g, drawn: &drawn)
        }
        let ms = (processCPUSeconds() - start) * 1000 / Double(reps)
        print("  \(String(format: "%7.3f", ms))  \(leaf.spec.name)")
    }
}
