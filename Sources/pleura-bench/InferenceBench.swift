import Core
import Segmentation
import Tensor

/// Inference (eval mode, no tape) of the reference U-Net and of the encoders the winners used,
/// at 256x256, batch 4: what spreading the images over the threads, and the folded batch
/// norms and fused activations, buy. The ONNX Runtime and PyTorch peers are
/// scripts/bench/unet_peer.py (its header gives the command), which builds the identical
/// `unet(base=16, depth=4)` in PyTorch and exports it.
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
        // The two ways to spread a batch over the threads, alternated three times: the
        // images over the threads, each a whole forward (what predict, evaluate and the
        // validation of fit run), and one batched forward with each layer split over them.
        var byImage: [Double] = [], byLayer: [Double] = []
        for _ in 0..<3 {
            byImage.append(try medianSeconds(runs: 5) { _ = try model.inferenceOutputs(x) })
            byLayer.append(try medianSeconds(runs: 5) { _ = try Autograd.withoutGradients { try model(x) } })
        }
        let (image, layer) = (byImage.sorted()[1], byLayer.sorted()[1])
        print("\(config.call) forward \(size)x\(size), batch \(batch): \(fmt(Double(batch) / image)) images/s "
              + "(images over the threads); one batched forward with its layers split: "
              + "\(fmt(Double(batch) / layer)) images/s (ratio \(fmt(layer / image, 2))x)")
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
