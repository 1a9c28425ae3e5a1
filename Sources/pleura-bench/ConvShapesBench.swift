import Core
import Tensor

/// Each distinct 3x3 convolution of the reference U-Net (`images` at `size`²), timed alone:
/// batch 4 at 256² (the training and inference settings), or batch 8 at 128² (the short
/// experiments' `fit`). Its peer is `scripts/bench/conv_peer.py` with the same batch and size.
/// GFLOP/s count the direct method's 2·9·in·out multiply-adds per pixel, so Winograd's
/// saving shows as rates above the sgemm figure of the tensor section.
func convShapesBench(images: Int, size: Int) throws {
    // (in, out, plane side) of each level: encoder (in → out) and decoder (skip + up → out).
    let shapes: [(cin: Int, cout: Int, size: Int)] = [
        (16, 16, size), (32, 16, size), (16, 32, size / 2), (32, 32, size / 2), (64, 32, size / 2),
        (32, 64, size / 4), (64, 64, size / 4), (128, 64, size / 4), (64, 128, size / 8), (128, 128, size / 8),
        (256, 128, size / 8), (128, 256, size / 16), (256, 256, size / 16),
    ]
    var rng = SeededGenerator(seed: 1)
    for s in shapes {
        let x = Tensor(shape: [images, s.cin, s.size, s.size],
                       data: (0..<(images * s.cin * s.size * s.size)).map { _ in Float(rng.uniform(-1, 1)) })
        let w = Tensor(shape: [s.cout, s.cin, 3, 3], data: (0..<(s.cout * s.cin * 9)).map { _ in Float(rng.uniform(-0.05, 0.05)) },
                       requiresGrad: true)
        let forward = try medianSeconds(runs: 5) { _ = try Autograd.withoutGradients { try x.conv2d(w, padding: 1) } }
        x.requiresGrad = true
        let both = try medianSeconds(runs: 5) {
            x.grad = nil; w.grad = nil
            try x.conv2d(w, padding: 1).sum().backward()
        }
        x.requiresGrad = false
        let flops = 2.0 * Double(images) * Double(s.cin * s.cout * 9 * s.size * s.size)
        print("conv 3x3 \(s.cin)→\(s.cout) at \(s.size)²: forward \(fmt(forward * 1000)) ms (\(fmt(flops / forward / 1e9)) GFLOP/s), forward+backward \(fmt(both * 1000)) ms (\(fmt(3 * flops / both / 1e9)) GFLOP/s)")
    }
}
