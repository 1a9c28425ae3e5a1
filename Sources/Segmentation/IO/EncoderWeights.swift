import Core
import Tensor
import TensorIO

/// What loading an encoder checkpoint did: how many of the encoder's tensors it set, which it
/// left as they were, which of the file's it ignored, and how the first convolution was adapted.
public struct EncoderLoadReport: Sendable, CustomStringConvertible {
    public var source: String
    /// Tensors under `encoder.` the file set, of `expected`.
    public var matched: Int
    public var expected: Int
    /// The encoder's tensors the file does not hold (left as they were).
    public var missing: [String]
    /// The file's tensors with no place in the encoder, by their names in the file (ignored).
    public var unexpected: [String]
    /// How the first convolution's weights were adapted to the model's input channels, if they were.
    public var firstConvolution: String?

    public var description: String {
        func names(_ list: [String]) -> String {
            list.isEmpty ? "none" : list.prefix(6).joined(separator: ", ") + (list.count > 6 ? ", … (\(list.count) in all)" : "")
        }
        var lines = ["encoder weights from \(source): \(matched) of \(expected) tensors matched"]
        if let firstConvolution { lines.append("  \(firstConvolution)") }
        lines.append("  missing (kept as they were): \(names(missing))")
        lines.append("  unexpected (ignored): \(names(unexpected))")
        return lines.joined(separator: "\n")
    }
}

/// Loading an ImageNet checkpoint of the encoder alone into a model's `encoder.` tensors.
///
/// The mapping (docs/smp.md): a name in the file that starts with `encoder.` is kept (an smp or
/// Pleura checkpoint of a whole model, whose other tensors are then unexpected); any other
/// name gets `encoder.` in front, so torchvision's `conv1.weight`, `layer1.0.bn1.running_mean`
/// and timm's `conv_stem.weight`, `blocks.0.0.conv_dw.weight` land on the encoder tensors of
/// the same names. What has no place (torchvision's `fc.*`, timm's `classifier.*`) is
/// reported as unexpected and ignored; encoder tensors the file lacks are reported as missing
/// and keep their values. The encoder's first convolution, when the file's has three input
/// channels and the model's another count, is adapted as smp's `patch_first_conv` does for
/// pretrained weights: summed over the three channels for one, otherwise channel i takes the
/// file's channel i mod 3, scaled by 3 / channels.
enum EncoderWeights {
    static let prefix = "encoder."

    static func load(_ file: [(name: String, tensor: Tensor)], into model: Module, source: String) throws -> EncoderLoadReport {
        let destinations = model.namedTensors.filter { $0.name.hasPrefix(prefix) }
        guard !destinations.isEmpty else {
            throw InputError(source, "the model has no tensors under `encoder.`, so there is no encoder to load")
        }
        let byName = Dictionary(destinations.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
        let firstConvolution = model.namedParameters().first { $0.name.hasPrefix(prefix) && $0.tensor.rank == 4 }?.name
        var staged: [(Tensor, [Float])] = [], given = Set<String>(), unexpected: [String] = [], problems: [String] = []
        var adapted: String?
        for (fileName, tensor) in file {
            let name = fileName.hasPrefix(prefix) ? fileName : prefix + fileName
            guard let destination = byName[name] else { unexpected.append(fileName); continue }
            given.insert(name)
            if tensor.shape == destination.shape {
                staged.append((destination, tensor.data))
            } else if name == firstConvolution, let data = adaptFirstConvolution(tensor, to: destination.shape) {
                staged.append((destination, data))
                adapted = "first convolution \(name): the file's 3 input channels "
                    + (destination.shape[1] == 1 ? "summed into 1" : "spread over \(destination.shape[1]), scaled by 3/\(destination.shape[1])")
                    + " (as smp does for in_channels=\(destination.shape[1]))"
            } else {
                problems.append("\(fileName) has shape \(tensor.shape) in the file, \(destination.shape) in the model (\(name))")
            }
        }
        guard problems.isEmpty else {
            throw InputError(source, "encoder tensors with the wrong shape: " + problems.joined(separator: "; "))
        }
        guard !staged.isEmpty else {
            throw InputError(source, "no tensor matches the model's encoder (its names, with `encoder.` in front, are none "
                             + "of the encoder's; \(file.count) tensors in the file)")
        }
        for (destination, data) in staged { destination.data = data }
        return EncoderLoadReport(source: source, matched: staged.count, expected: destinations.count,
                                 missing: destinations.map(\.name).filter { !given.contains($0) },
                                 unexpected: unexpected, firstConvolution: adapted)
    }

    /// smp's `patch_first_conv` for pretrained `[out, 3, kh, kw]` weights and `[out, c, kh, kw]` wanted.
    static func adaptFirstConvolution(_ weight: Tensor, to shape: [Int]) -> [Float]? {
        guard weight.rank == 4, shape.count == 4, weight.shape[1] == 3, shape[1] != 3,
              weight.shape[0] == shape[0], weight.shape[2...] == shape[2...] else { return nil }
        let (out, channels, plane) = (shape[0], shape[1], shape[2] * shape[3])
        let w = weight.data
        var result = [Float](repeating: 0, count: out * channels * plane)
        for o in 0..<out {
            for c in 0..<channels {
                for p in 0..<plane {
                    result[(o * channels + c) * plane + p] = channels == 1
                        ? (0..<3).reduce(Float(0)) { $0 + w[(o * 3 + $1) * plane + p] }
                        : w[(o * 3 + c % 3) * plane + p] * (3 / Float(channels))
                }
            }
        }
        return result
    }
}

extension Module {
    /// Reads an encoder checkpoint (torchvision or timm names, or a whole smp model) into the
    /// tensors under `encoder.` and reports what matched (see `EncoderWeights`).
    public func loadEncoderWeights(from path: String) throws -> EncoderLoadReport {
        try EncoderWeights.load(try SafeTensors.read(path: path).tensors, into: self, source: path)
    }
}
