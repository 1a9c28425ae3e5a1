import Core
import Tensor

/// The foundation's figures: raw sgemm at a conv-like shape, then a 3x3 64→64 conv on a
/// batch of 4 at 256², forward and forward+backward, as a fraction of that sgemm rate: with
/// padding 1 (Winograd; its rate counts the direct method's multiply-adds, so it can pass
/// 100%) and with padding 0 (im2col + GEMM, which cannot).
func tensorBench() throws {
    print("threads: \(Parallel.threadCount)")
    let (m, k, n) = (64, 576, 65_536)
    let a = Tensor(shape: [m, k], data: [Float](repeating: 0.5, count: m * k))
    let b = Tensor(shape: [k, n], data: [Float](repeating: 0.25, count: k * n))
    let gemmTime = try medianSeconds { _ = try a.matmul(b) }
    let gemmRate = 2 * Double(m * k * n) / gemmTime / 1e9
    print("sgemm (matmul) M=\(m) K=\(k) N=\(n): \(fmt(gemmRate)) GFLOP/s")

    var rng = SeededGenerator(seed: 1)
    let x = Tensor(shape: [4, 64, 256, 256], data: (0..<(4 * 64 * 65_536)).map { _ in Float(rng.uniform(-1, 1)) })
    let w = Tensor(shape: [64, 64, 3, 3], data: (0..<(64 * 64 * 9)).map { _ in Float(rng.uniform(-0.05, 0.05)) },
                   requiresGrad: true)
    for (padding, route) in [(1, "Winograd"), (0, "im2col")] {
        let side = 256 + 2 * padding - 2
        let flops = 2.0 * 4 * 64 * 64 * 9 * Double(side * side)
        x.requiresGrad = false
        let forward = try medianSeconds(runs: 3) { _ = try Autograd.withoutGradients { try x.conv2d(w, padding: Spatial(padding, padding)) } }
        x.requiresGrad = true
        let both = try medianSeconds(runs: 3) {
            x.grad = nil; w.grad = nil
            try x.conv2d(w, padding: Spatial(padding, padding)).sum().backward()
        }
        let fRate = flops / forward / 1e9, bRate = 3 * flops / both / 1e9
        let shape = "conv2d 3x3 64→64 padding \(padding) batch 4 256² (\(route))"
        print("\(shape): forward \(fmt(forward * 1000)) ms, \(fmt(fRate)) GFLOP/s (\(fmt(100 * fRate / gemmRate))% of sgemm)")
        print("\(shape): forward+backward \(fmt(both * 1000)) ms, \(fmt(bRate)) GFLOP/s (\(fmt(100 * bRate / gemmRate))% of sgemm)")
    }
    print("peak resident memory: \(fmt(peakResidentMiB())) MiB")
}
