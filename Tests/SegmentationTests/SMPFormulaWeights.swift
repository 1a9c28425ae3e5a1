import Foundation
import Segmentation
import Tensor
import TensorIO

/// The weights of scripts/reference/smp_reference.py, computed the same way here: every
/// element of a tensor is a 32-bit hash of the tensor's name and the element's index, scaled
/// by a rule that depends on what the tensor is. The script computes in float64 and rounds to
/// float32, as this does, so both sides hold the same bits without storing the weights.
enum SMPFormulaWeights {
    static func fnv1a(_ name: String) -> UInt32 {
        var h: UInt32 = 0x811C_9DC5
        for b in name.utf8 { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        return h
    }

    /// `count` values in [0, 1).
    static func unit(_ name: String, count: Int) -> [Double] {
        let seed = fnv1a(name)
        return (0..<count).map { i in
            var x = seed ^ UInt32(truncatingIfNeeded: UInt64(i) &* 0x9E37_79B1)
            x ^= x >> 16
            x = x &* 0x85EB_CA6B
            x ^= x >> 13
            x = x &* 0xC2B2_AE35
            x ^= x >> 16
            return Double(x >> 8) / 16_777_216
        }
    }

    static func values(_ name: String, shape: [Int]) -> [Float] {
        let count = shape.reduce(1, *)
        let u = unit(name, count: count)
        let leaf = name.split(separator: ".").last.map(String.init) ?? name
        let out: [Double]
        switch leaf {
        case "num_batches_tracked": out = [Double](repeating: 0, count: count)
        case "running_var": out = u.map { 0.5 + $0 }
        case "running_mean": out = u.map { 0.1 * (2 * $0 - 1) }
        case "weight" where shape.count == 1: out = u.map { 1 + 0.25 * (2 * $0 - 1) }
        case "bias": out = u.map { 0.1 * (2 * $0 - 1) }
        default:
            let bound = (3.0 / Double(count / shape[0])).squareRoot()
            out = u.map { (2 * $0 - 1) * bound }
        }
        return out.map { Float($0) }
    }

    /// Sets every parameter and buffer of `model` to its formula values.
    static func fill(_ model: Module) {
        for (name, tensor) in model.namedTensors { tensor.data = values(name, shape: tensor.shape) }
    }
}

/// One committed case of scripts/reference/smp_reference.py.
struct SMPReferenceCase {
    let name: String
    let config: ModelConfig
    let input: Tensor
    let logits: Tensor
    /// smp's state_dict keys with their shapes, in smp's order.
    let stateDict: [(name: String, shape: [Int])]

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/smp").path

    init(_ name: String, encoder: String, decoder: [Int], attention: Bool) throws {
        self.name = name
        var config = ModelConfig(.smpunet)
        config.encoder = encoder
        config.decoderChannels = decoder
        config.attention = attention
        config.normalize = "none"
        self.config = config
        let file = try SafeTensors.read(path: "\(Self.directory)/\(name).safetensors")
        let tensors = Dictionary(file.tensors, uniquingKeysWith: { a, _ in a })
        input = tensors["input"]!
        logits = tensors["logits"]!
        let keys = try JSONSerialization.jsonObject(with: Data(file.metadata["state_dict"]!.utf8)) as! [[Any]]
        stateDict = keys.map { ($0[0] as! String, ($0[1] as! [NSNumber]).map(\.intValue)) }
    }

    /// The committed cases: encoder, decoder widths, scSE.
    static let specs: [String: (encoder: String, decoder: [Int], attention: Bool)] = [
        "resnet18": ("resnet18", [256, 128, 64, 32, 16], false),
        "resnet34_scse_narrow": ("resnet34", [64, 32, 32, 16, 16], true),
        "effb0_scse": ("timm-efficientnet-b0", [256, 128, 64, 32, 16], true),
        "effb3_narrow": ("timm-efficientnet-b3", [32, 16, 16, 8, 8], false),
        "effb1_scse_narrow": ("timm-efficientnet-b1", [64, 32, 32, 16, 16], true),
        "effb2_narrow": ("timm-efficientnet-b2", [32, 16, 16, 8, 8], false),
        "effb4_narrow": ("timm-efficientnet-b4", [32, 16, 16, 8, 8], false),
    ]

    /// Every committed case, in a stable order for the parameterised tests.
    static let names = specs.keys.sorted()

    static func named(_ name: String) throws -> SMPReferenceCase {
        let spec = specs[name]!
        return try SMPReferenceCase(name, encoder: spec.encoder, decoder: spec.decoder, attention: spec.attention)
    }
}
