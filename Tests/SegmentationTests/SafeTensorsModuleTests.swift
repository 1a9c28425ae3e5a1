import Foundation
import Segmentation
import Tensor
import Testing
import TensorIO

/// Loading named tensors into a module: exact names and shapes, or one error listing every mismatch.
@Suite struct SafeTensorsModuleTests {
    private final class Block: Module {
        init(channels: Int) {
            super.init()
            parameter("weight", Tensor(zeros: [channels, 1, 3, 3]))
            parameter("bias", Tensor(zeros: [channels]))
            buffer("running_mean", Tensor(zeros: [channels]))
        }
    }

    private final class Net: Module {
        init(channels: Int = 2) {
            super.init()
            child("encoder", Block(channels: channels))
            child("head", Block(channels: 1))
        }
    }

    @Test func weightsRoundTripThroughAFile() throws {
        let source = Net()
        for (k, (_, tensor)) in source.namedTensors.enumerated() {
            tensor.data = (0..<tensor.count).map { Float(k * 100 + $0) }
        }
        let path = NSTemporaryDirectory() + "pleura-weights-\(UUID().uuidString).safetensors"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try source.saveWeights(to: path, metadata: ["arch": "net"])
        let names = try SafeTensors.read(path: path).tensors.map(\.name)
        #expect(names == ["encoder.weight", "encoder.bias", "head.weight", "head.bias", "encoder.running_mean", "head.running_mean"])
        let target = Net()
        #expect(try target.loadWeights(from: path) == ["arch": "net"])
        for (a, b) in zip(source.namedTensors, target.namedTensors) { #expect(a.tensor.data == b.tensor.data) }
    }

    @Test func mismatchesAreListedTogetherAndNothingChanges() throws {
        let wider = Net(channels: 3)
        var tensors = wider.namedTensors.filter { $0.name != "head.bias" }
        tensors.append(("decoder.weight", Tensor(1)))
        for (_, t) in tensors { t.data = [Float](repeating: 9, count: t.count) }
        let target = Net()
        #expect {
            try target.load(tensors, source: "other.safetensors")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("other.safetensors: ")
                && text.contains("1 missing: head.bias")
                && text.contains("1 unexpected: decoder.weight")
                && text.contains("3 with the wrong shape: encoder.weight (given [3, 1, 3, 3], expected [2, 1, 3, 3]), encoder.bias (given [3], expected [2]), encoder.running_mean (given [3], expected [2])")
        }
        #expect(target.namedTensors.allSatisfy { $0.tensor.data.allSatisfy { $0 == 0 } })
    }
}
