import Core
import Segmentation
import Tensor

/// Inference (eval mode, no tape) of the reference U-Net and of the encoders the winners used,
/// at 256x256, batch 4: what the folded batch norms and fused activations buy. The ONNX
/// Runtime and PyTorch peers are scripts/bench/unet_peer.py (its header gives the command),
/// which builds the identical `unet(base=16, depth=4)` in PyTorch and exports it.
///
/// Each model also runs unfused, with the tape on but nothing requiring a gradient: every
/// op then runs alone (convolution, normalisation, activation) and records nothing. That
/// path also transforms the Winograd weights at every call, a few percent of a forward.
/// Both are timed in CPU seconds on one thread, which a machine shared with other work
/// disturbs far less than wall time.
func inferenceBench() throws {
    let batch = 4, size = 256
    let x = randomBatch(batch, size: size, seed: 7).images
    var unet = ModelConfig(.unet)
    unet.base = 16; unet.depth = 4
    var resnet = ModelConfig(.resunet)
    resnet.base = 16; resnet.encoder = "resnet34"
    var effnet = ModelConfig(.unet)
    effnet.base = 16; effnet.encoder = "effnet-b0"
    for config in [unet, resnet, effnet] {
        let model = try makeModel(config)
        model.eval()
        let seconds = try medianSeconds(runs: 7) { _ = try Autograd.withoutGradients { try model(x) } }
        print("\(config.call) forward \(size)x\(size), batch \(batch): \(fmt(Double(batch) / seconds)) images/s")
        let saved = Parallel.threadCount
        Parallel.threadCount = 1
        defer { Parallel.threadCount = saved }
        let fused = try medianCPUSeconds { _ = try Autograd.withoutGradients { try model(x) } }
        for (_, p) in model.namedParameters() { p.requiresGrad = false }
        let unfused = try medianCPUSeconds { _ = try model(x) }
        print("  one thread, CPU ms per image: fused \(fmt(fused * 1000 / Double(batch))), "
              + "unfused \(fmt(unfused * 1000 / Double(batch))) (\(fmt(unfused / fused, 2))x)")
    }
}
