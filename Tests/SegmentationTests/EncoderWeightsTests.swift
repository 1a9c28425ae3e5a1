import Foundation
import Core
import Segmentation
import Tensor
import TensorIO
import Testing

/// `loadEncoderWeights`: torchvision and timm checkpoints of the encoder alone, renamed under
/// `encoder.`, with the first convolution adapted as smp does and a report of what matched.
@Suite struct EncoderWeightsTests {
    private func model(_ encoder: String, inChannels: Int = 1) throws -> any SegmentationModel {
        var config = ModelConfig(.smpunet)
        config.encoder = encoder
        config.decoderChannels = [16, 16, 16, 8, 8]
        config.inChannels = inChannels
        return try makeModel(config)
    }

    private func temporaryFile(_ tensors: [(name: String, tensor: Tensor)]) throws -> String {
        let path = NSTemporaryDirectory() + "pleura-encoder-\(UUID().uuidString).safetensors"
        try SafeTensors.write(tensors, to: path)
        return path
    }

    /// A torchvision-style checkpoint for `model`'s encoder: its names without `encoder.`,
    /// every value k+1 for the k-th tensor, the first convolution with three input channels
    /// (channel c holding c+1), the classifier `fc`, and no `num_batches_tracked` (as in
    /// torchvision's published files).
    private func torchvisionCheckpoint(for model: Module, firstConvolution: String) -> [(name: String, tensor: Tensor)] {
        var tensors: [(name: String, tensor: Tensor)] = []
        for (k, (name, t)) in model.namedTensors.filter({ $0.name.hasPrefix("encoder.") }).enumerated()
        where !name.hasSuffix("num_batches_tracked") {
            let short = String(name.dropFirst("encoder.".count))
            if name == firstConvolution {
                let (o, plane) = (t.shape[0], t.shape[2] * t.shape[3])
                let data = (0..<(o * 3 * plane)).map { i in Float((i / plane) % 3 + 1) }
                tensors.append((short, Tensor(shape: [o, 3, t.shape[2], t.shape[3]], data: data)))
            } else {
                tensors.append((short, Tensor(repeating: Float(k + 1), shape: t.shape)))
            }
        }
        tensors.append(("fc.weight", Tensor(zeros: [1000, 512])))
        tensors.append(("fc.bias", Tensor(zeros: [1000])))
        return tensors
    }

    @Test func torchvisionResNetLoadsIntoTheEncoder() throws {
        let m = try model("resnet18")
        let decoderBefore = m.namedTensors.filter { !$0.name.hasPrefix("encoder.") }.map { $0.tensor.data }
        let file = torchvisionCheckpoint(for: m, firstConvolution: "encoder.conv1.weight")
        let path = try temporaryFile(file)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let report = try m.loadEncoderWeights(from: path)

        let encoder = m.namedTensors.filter { $0.name.hasPrefix("encoder.") }
        let counters = encoder.filter { $0.name.hasSuffix("num_batches_tracked") }.map(\.name)
        #expect(counters.count == 20, "ResNet-18: the stem, 16 block norms and 3 downsample norms")
        #expect(report.expected == encoder.count)
        #expect(report.matched == encoder.count - 20)
        #expect(report.missing == counters)
        #expect(report.unexpected == ["fc.weight", "fc.bias"])
        #expect(report.firstConvolution?.contains("summed into 1") == true)
        #expect(report.description.contains("\(encoder.count - 20) of \(encoder.count) tensors matched"))
        // Channels holding 1, 2 and 3 sum to 6 at every weight of the one-channel convolution.
        let conv1 = encoder.first { $0.name == "encoder.conv1.weight" }!.tensor
        #expect(conv1.shape == [64, 1, 7, 7])
        #expect(conv1.data.allSatisfy { $0 == 6 })
        // Every other tensor holds the file's value; the decoder and head are untouched.
        let byName = Dictionary(uniqueKeysWithValues: file.map { ("encoder." + $0.name, $0.tensor) })
        for (name, t) in encoder where name != "encoder.conv1.weight" && byName[name] != nil {
            #expect(t.data == byName[name]!.data, "\(name)")
        }
        #expect(m.namedTensors.filter { !$0.name.hasPrefix("encoder.") }.map { $0.tensor.data } == decoderBefore)
    }

    /// Two input channels: channel i takes the file's channel i mod 3, times 3/2 (smp's rule).
    @Test func twoInputChannelsSpreadTheThree() throws {
        let m = try model("resnet34", inChannels: 2)
        let path = try temporaryFile(torchvisionCheckpoint(for: m, firstConvolution: "encoder.conv1.weight"))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let report = try m.loadEncoderWeights(from: path)
        #expect(report.firstConvolution?.contains("scaled by 3/2") == true)
        let conv1 = m.namedTensors.first { $0.name == "encoder.conv1.weight" }!.tensor
        #expect(conv1.shape == [64, 2, 7, 7])
        // Channel 0 holds 1·1.5, channel 1 holds 2·1.5.
        for (i, v) in conv1.data.enumerated() { #expect(v == ((i / 49) % 2 == 0 ? 1.5 : 3), "element \(i)") }
    }

    @Test func timmEfficientNetNamesMapAndTheClassifierIsIgnored() throws {
        let m = try model("timm-efficientnet-b0")
        var file = torchvisionCheckpoint(for: m, firstConvolution: "encoder.conv_stem.weight").dropLast(2).map { $0 }
        file.append(("classifier.weight", Tensor(zeros: [1000, 1280])))
        file.append(("classifier.bias", Tensor(zeros: [1000])))
        let path = try temporaryFile(file)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let report = try m.loadEncoderWeights(from: path)
        #expect(report.unexpected == ["classifier.weight", "classifier.bias"])
        #expect(report.missing.allSatisfy { $0.hasSuffix("num_batches_tracked") })
        let stem = m.namedTensors.first { $0.name == "encoder.conv_stem.weight" }!.tensor
        #expect(stem.shape == [32, 1, 3, 3] && stem.data.allSatisfy { $0 == 6 })
    }

    @Test func aWrongShapeNamesTheTensorTheFileAndBothShapesAndChangesNothing() throws {
        let m = try model("resnet18")
        var file = torchvisionCheckpoint(for: m, firstConvolution: "encoder.conv1.weight")
        let k = file.firstIndex { $0.name == "layer2.0.conv1.weight" }!
        file[k].tensor = Tensor(zeros: [128, 32, 3, 3])
        let path = try temporaryFile(file)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let before = m.namedTensors.map { $0.tensor.data }
        let error = try #require(throws: InputError.self) { try m.loadEncoderWeights(from: path) }
        let text = "\(error)"
        #expect(text.contains(path) && text.contains("layer2.0.conv1.weight"))
        #expect(text.contains("[128, 32, 3, 3]") && text.contains("[128, 64, 3, 3]"))
        #expect(m.namedTensors.map { $0.tensor.data } == before)
    }

    @Test func aFileWithNothingForTheEncoderIsAnError() throws {
        let m = try model("resnet18")
        let path = try temporaryFile([("head.weight", Tensor(zeros: [3]))])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: InputError.self) { try m.loadEncoderWeights(from: path) }
        #expect("\(error)".contains("no tensor matches"))
    }
}
