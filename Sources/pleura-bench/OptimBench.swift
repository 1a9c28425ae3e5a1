import Foundation
import Core
import Imaging
import Segmentation
import Tensor
import TensorIO

/// Optimizer steps, weights I/O and post-processing: the per-step and per-image costs that
/// sit around the network itself.
func optimBench() throws {
    var rng = SeededGenerator(seed: 5)
    // 8M parameters in conv-sized tensors (about a base-32 U-Net), with gradients.
    let parameters = (0..<32).map { k in
        let p = Tensor(shape: [256, 256, 2, 2], data: (0..<262_144).map { _ in Float(rng.uniform(-0.1, 0.1)) }, requiresGrad: true)
        p.grad = (0..<262_144).map { _ in Float(rng.uniform(-1, 1)) }
        return (name: "layer\(k).weight", tensor: p)
    }
    let count = parameters.reduce(0) { $0 + $1.tensor.count }
    let adam = Adam.adamW(parameters: parameters, learningRate: 1e-3)
    let adamTime = medianSeconds { adam.step() }
    // Adam reads θ, g, m, v and writes θ, m, v: 7 floats per parameter.
    print("adamw step, \(count / 1_000_000)M parameters: \(fmt(adamTime * 1000, 2)) ms (\(fmt(28 * Double(count) / adamTime / 1e9)) GB/s)")
    let sgd = SGD(parameters: parameters, learningRate: 1e-3, momentum: 0.9, nesterov: true)
    print("sgd (nesterov) step: \(fmt(medianSeconds { sgd.step() } * 1000, 2)) ms")
    print("clip_grad_norm: \(fmt(medianSeconds { clipGradientNorm(parameters.map(\.tensor), maxNorm: 1e9) } * 1000, 2)) ms")

    let path = NSTemporaryDirectory() + "pleura-bench-\(getpid()).safetensors"
    defer { unlink(path) }
    let megabytes = Double(4 * count) / 1_048_576
    let write = try medianSeconds(runs: 3) { try SafeTensors.write(parameters, metadata: ["bench": "1"], to: path) }
    let read = try medianSeconds(runs: 3) { _ = try SafeTensors.read(path: path) }
    print("safetensors \(fmt(megabytes)) MiB: write (atomic, fsync) \(fmt(megabytes / write)) MiB/s, read \(fmt(megabytes / read)) MiB/s")

    // 32 validation maps at 256², blobs of varied confidence, truths at 1024².
    var maps: [Image] = [], truths: [Mask] = []
    for i in 0..<32 {
        var map = Image(width: 256, height: 256)
        let (cx, cy, r) = (rng.uniform(40, 216), rng.uniform(40, 216), rng.uniform(5, 40))
        for y in 0..<256 {
            for x in 0..<256 {
                let d = ((Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy)).squareRoot()
                map[x, y] = Float(max(0, 1 - d / r)) * (i % 3 == 0 ? 0.5 : 1)
            }
        }
        maps.append(map)
        truths.append(try PostProcessing(.threshold(0.3), size: 1024).apply(to: map))
    }
    let single = PostProcessing(.threshold(0.5), minArea: 2000, size: 1024)
    let apply = try medianSeconds { _ = try single.apply(to: maps) }
    print("\(single) on \(maps.count) maps 256²→1024²: \(fmt(Double(maps.count) / apply)) images/s")
    let search = ThresholdSearch(size: 1024)
    let searchTime = try medianSeconds(runs: 1) { _ = try search.run(probabilities: maps, truths: truths) }
    print("search_thresholds, default grid (\(search.settings.count) settings) at 1024²: \(fmt(Double(maps.count) / searchTime)) images/s")
    print("threads: \(Parallel.threadCount)")
}
