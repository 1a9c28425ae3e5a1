import Core
import Segmentation
import Tensor

/// The smp-compatible U-Net of issue 15 at its reference setting: smp_unet with smp's default
/// decoder (256, 128, 64, 32, 16), 256x256, batch 4; forward in evaluation without gradients
/// (the images spread over the threads, as predict runs them), then one Adam step on BCE,
/// each with the peak resident memory so far. `smp` runs the ResNet-34 encoder, `smp-effnet`
/// timm's EfficientNet-B0 (depthwise convolutions). Run each as a section of its own
/// (`pleura-bench smp`): peak memory is per process. scripts/bench/smp_peer.py
/// [--encoder timm-efficientnet-b0] runs the same model in PyTorch with smp.
func smpBench(encoder: String) throws {
    var config = ModelConfig(.smpunet)
    config.encoder = encoder
    let batch = 4, size = 256
    let (x, target) = randomBatch(batch, size: size, seed: 7)
    let model = try makeModel(config)
    let summary = try model.summary(height: size, width: size)
    print("model: \(config.call), \(summary.parameters) parameters, \(fmt(summary.flops / 1e9, 2)) GFLOPs/image forward")
    model.eval()
    let forward = try medianSeconds(runs: 7) { _ = try model.inferenceOutputs(x) }
    print("forward (eval, no grad): \(fmt(Double(batch) / forward)) images/s, peak resident memory \(fmt(peakResidentMiB())) MiB")
    let step = try trainingStep(model, x, target)
    print("training step (forward+backward+Adam): \(fmt(Double(batch) / step)) images/s, peak resident memory \(fmt(peakResidentMiB())) MiB")
}
