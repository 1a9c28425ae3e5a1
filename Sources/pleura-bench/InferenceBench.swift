import Core
import Segmentation
import Tensor

/// Inference (eval mode, no tape) of the reference U-Net and of the encoders the winners used,
/// at 256x256, batch 4: what the folded batch norms and fused activations buy. The ONNX
/// Runtime and PyTorch peers are scripts/bench/unet_peer.py (its header gives the command),
/// which builds the identical `unet(base=16, depth=4)` in PyTorch and exports it.
func inferenceBench() throws {
    let batch = 4, size = 256
    var rng = SeededGenerator(seed: 7)
    let x = Tensor(shape: [batch, 1, size, size], data: (0..<(batch * size * size)).map { _ in Float(rng.uniform()) })
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
    }
}
