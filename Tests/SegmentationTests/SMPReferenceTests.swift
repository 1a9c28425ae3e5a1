import Foundation
import Segmentation
import Tensor
import TensorIO
import Testing

/// `smp_unet` against segmentation_models_pytorch 0.6.0: the same state_dict keys and shapes,
/// and the same logits for the same weights and input (Tests/Fixtures/smp, written by
/// scripts/reference/smp_reference.py).
@Suite struct SMPReferenceTests {
    /// |pleura − smp| ≤ 1e-4 · max |smp| over every logit.
    private func expectMatch(_ actual: Tensor, _ expected: Tensor, _ what: String) {
        #expect(actual.shape == expected.shape, "\(what): shape \(actual.shape), smp's \(expected.shape)")
        let scale = expected.data.map(abs).max() ?? 0
        let worst = zip(actual.data, expected.data).map { abs($0 - $1) }.max() ?? .infinity
        #expect(scale > 1e-3, "\(what): smp's logits are all near zero, which would prove nothing")
        #expect(worst <= 1e-4 * scale, "\(what): largest difference \(worst) against largest logit \(scale)")
    }

    @Test(arguments: SMPReferenceCase.names)
    func forwardMatchesSMP(_ name: String) throws {
        let reference = try SMPReferenceCase.named(name)
        let model = try makeModel(reference.config)
        SMPFormulaWeights.fill(model)
        model.eval()
        let logits = try Autograd.withoutGradients { try model(reference.input) }
        expectMatch(logits, reference.logits, name)
    }

    @Test(arguments: SMPReferenceCase.names)
    func namesAndShapesAreSMPs(_ name: String) throws {
        let reference = try SMPReferenceCase.named(name)
        let model = try makeModel(reference.config)
        let ours = Dictionary(uniqueKeysWithValues: model.namedTensors.map { ($0.name, $0.tensor.shape) })
        let theirs = Dictionary(uniqueKeysWithValues: reference.stateDict.map { ($0.name, $0.shape) })
        #expect(Set(ours.keys).subtracting(theirs.keys).sorted() == [], "keys smp does not have")
        #expect(Set(theirs.keys).subtracting(ours.keys).sorted() == [], "smp's keys Pleura lacks")
        for (key, shape) in theirs where ours[key] != nil {
            #expect(ours[key] == shape, "\(key): \(ours[key]!) against smp's \(shape)")
        }
    }

    /// A save holds exactly smp's keys and shapes, so smp's strict load accepts it.
    @Test func saveWritesSMPsKeys() throws {
        let reference = try SMPReferenceCase.named("effb0_scse")
        let model = try makeModel(reference.config)
        let path = NSTemporaryDirectory() + "pleura-smp-\(UUID().uuidString).safetensors"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.saveWeights(to: path)
        let saved = try SafeTensors.read(path: path).tensors
        #expect(saved.map(\.name).sorted() == reference.stateDict.map(\.name).sorted())
        let shapes = Dictionary(uniqueKeysWithValues: reference.stateDict.map { ($0.name, $0.shape) })
        for (name, tensor) in saved { #expect(tensor.shape == shapes[name], "\(name)") }
    }

    /// Training counts batches in `num_batches_tracked`, as PyTorch's BatchNorm2d does, once
    /// per batch also when gradient checkpointing recomputes the encoder's stages.
    @Test(arguments: [false, true])
    func trainingCountsBatches(checkpointed: Bool) throws {
        var config = ModelConfig(.smpunet)
        config.encoder = "resnet18"
        config.decoderChannels = [16, 16, 16, 8, 8]
        config.gradientCheckpointing = checkpointed
        let model = try makeModel(config)
        let x = Tensor(shape: [2, 1, 32, 32], data: (0..<2048).map { Float($0 % 7) / 7 })
        for _ in 0..<3 { try model(x).mean().backward() }
        let counts = model.namedTensors.filter { $0.name.hasSuffix("num_batches_tracked") }
        #expect(counts.count == 20 + 10, "ResNet-18 has 20 batch norms, the decoder 10")
        #expect(counts.allSatisfy { $0.tensor.data == [3] })
    }
}
