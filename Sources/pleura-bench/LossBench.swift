import Foundation
import Core
import Segmentation
import Tensor

/// Forward + backward time of each loss on a training batch (4 x 1 x 256², the issue's
/// benchmark size), and the metric's throughput on full-size 1024² probability maps.
/// CPU time (all threads) is printed beside wall time: on a shared machine it is the steadier figure.
func lossBench() throws {
    var rng = SeededGenerator(seed: 1)
    let shape = [4, 1, 256, 256], n = shape.reduce(1, *)
    let logits = Tensor(shape: shape, data: (0..<n).map { _ in Float(rng.normal()) * 3 })
    // A disc of radius 40 in the first two images; the last two are empty, as most SIIM images are.
    let target = Tensor(shape: shape, data: (0..<n).map { i in
        let image = i / 65_536, y = (i / 256) % 256 - 128, x = i % 256 - 100
        return image < 2 && x * x + y * y < 1_600 ? 1 : 0
    })
    let losses: [any Loss] = [
        BinaryCrossEntropy(), DiceLoss(), JaccardLoss(), TverskyLoss(alpha: 0.3, beta: 0.7, gamma: 0.75),
        FocalLoss(), LovaszHingeLoss(), LovaszHingeLoss(perImage: true, symmetric: true),
        3 * BinaryCrossEntropy() + DiceLoss() + 4 * FocalLoss(gamma: 2),
    ]
    for loss in losses {
        let step = {
            let x = Tensor(shape: shape, data: logits.data, requiresGrad: true)
            try loss(x, target).backward()
        }
        let wall = try medianSeconds(step), cpu = try cpuSecondsPerRun(step)
        print("loss \(loss) on 4x1x256², forward+backward: \(fmt(wall * 1000, 2)) ms wall, \(fmt(cpu * 1000, 2)) ms cpu")
    }

    let images = 32, side = 1024 * 1024
    let probabilities = (0..<images).map { k in (0..<side).map { i in Float((i &* 2_654_435_761 &+ k) % 1000) / 1000 } }
    let truths = (0..<images).map { k in [UInt8]((0..<side).map { i in k % 4 == 0 && i % 1024 < 100 ? 1 : 0 }) }
    let score = { _ = try SegmentationScores(probabilities: probabilities, truths: truths) }
    let wall = try medianSeconds(score), cpu = try cpuSecondsPerRun(score)
    print("metrics on \(images) images of 1024²: \(fmt(wall * 1000)) ms wall (\(fmt(Double(images) / wall)) images/s), \(fmt(cpu * 1000)) ms cpu")
}

/// Mean user CPU time of `runs` calls, summed over threads, in seconds.
private func cpuSecondsPerRun(runs: Int = 10, _ body: () throws -> Void) rethrows -> Double {
    func userSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
    }
    let start = userSeconds()
    for _ in 0..<runs { try body() }
    return (userSeconds() - start) / Double(runs)
}
