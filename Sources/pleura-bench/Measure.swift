import Core
import Foundation
import Tensor

/// Median wall time of `runs` calls after one warm-up call, in seconds.
func medianSeconds(runs: Int = 5, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var times: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return times.sorted()[times.count / 2]
}

/// Peak resident set size of this process so far, in MiB.
func peakResidentMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024 // Linux reports KiB
}

func fmt(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }

/// CPU seconds used by this process so far, over all its threads.
func processCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// Median CPU time of 5 calls after one warm-up call, in seconds: a machine shared with
/// other work disturbs it far less than wall time.
func medianCPUSeconds(_ body: () throws -> Void) rethrows -> Double {
    try body()
    var times: [Double] = []
    for _ in 0..<5 {
        let start = processCPUSeconds()
        try body()
        times.append(processCPUSeconds() - start)
    }
    return times.sorted()[times.count / 2]
}

/// The benches' training batch: `batch` uniform random one-channel images of `size`², then a
/// target in which each pixel is foreground with probability 0.1, both drawn from `seed`.
func randomBatch(_ batch: Int, size: Int, seed: UInt64) -> (images: Tensor, targets: Tensor) {
    var rng = SeededGenerator(seed: seed)
    let n = batch * size * size
    let images = Tensor(shape: [batch, 1, size, size], data: (0..<n).map { _ in Float(rng.uniform()) })
    let targets = Tensor(shape: [batch, 1, size, size], data: (0..<n).map { _ in rng.chance(0.1) ? 1 : 0 })
    return (images, targets)
}
