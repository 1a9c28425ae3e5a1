import Tensor

/// The parts of a segmentation model that fine-tuning treats separately: the encoder (what an
/// ImageNet checkpoint fills), the heads (the 1x1 mask heads and the image-level classifier)
/// and the decoder (everything else). A part is a set of parameter-name prefixes, so any
/// architecture works: one that registers its encoder under `encoder` needs nothing more, and
/// one whose encoder stages have names of their own (`down.0`, `x_1_0`) says so through
/// `EncoderBacked`.
public enum ModelPart: String, CaseIterable, Sendable, Codable {
    case encoder, decoder, head

    /// The first component of a head's parameter names (`head`, `head_2`, `segmentation_head`, `cls_head`).
    static func isHead(_ root: Substring) -> Bool {
        root == "head" || root.hasPrefix("head_") || root == "segmentation_head" || root == "cls_head"
    }
}

/// A model built around a `FeatureEncoder`: its encoder's modules are registered under the
/// names `encoder.namedModules` gives, which is what part "encoder" means for it.
protocol EncoderBacked {
    var encoder: any FeatureEncoder { get }
}

extension UNet: EncoderBacked {}
extension ResUNet: EncoderBacked {}
extension UNetPlusPlus: EncoderBacked {}
extension HyperUNet: EncoderBacked {}

extension SegmentationModel {
    /// The names (dotted prefixes) the encoder's modules are registered under: the encoder's
    /// own for an `EncoderBacked` model, `encoder` otherwise (the smp and timm convention).
    public var encoderPrefixes: [String] {
        (self as? EncoderBacked)?.encoder.namedModules.map(\.name) ?? ["encoder"]
    }

    /// The part the parameter (or buffer) named `name` belongs to.
    public func part(of name: String) -> ModelPart {
        if encoderPrefixes.contains(where: { name == $0 || name.hasPrefix($0 + ".") }) { return .encoder }
        let root = name.prefix { $0 != "." }
        return ModelPart.isHead(root) ? .head : .decoder
    }

    /// The parameters of `part`, with their dotted names.
    public func parameters(in part: ModelPart) -> [(name: String, tensor: Tensor)] {
        namedParameters().filter { self.part(of: $0.name) == part }
    }

    /// Freezes (or, with `false`, unfreezes) every parameter of `part`: a frozen parameter gets
    /// no gradient, so no optimizer step, weight decay or weight average moves it, and the
    /// batch norms whose weights are frozen keep their running statistics (`NormAct`).
    /// Returns how many parameters changed state; throws when the model has none in `part`.
    @discardableResult
    public func setTrainable(_ trainable: Bool, part: ModelPart) throws -> Int {
        let tensors = parameters(in: part).map(\.tensor)
        guard !tensors.isEmpty else {
            throw ShapeError("freeze", "\(config.call) has no parameters in part \"\(part.rawValue)\"")
        }
        var changed = 0
        for t in tensors where t.requiresGrad != trainable {
            t.requiresGrad = trainable
            changed += t.count
        }
        return changed
    }

    /// The parts whose parameters are all frozen.
    public var frozenParts: [ModelPart] {
        ModelPart.allCases.filter { part in
            let tensors = parameters(in: part)
            return !tensors.isEmpty && tensors.allSatisfy { !$0.tensor.requiresGrad }
        }
    }

    /// One line per part: how many parameters it holds and whether they train.
    public var partsDescription: String {
        ModelPart.allCases.compactMap { part in
            let tensors = parameters(in: part).map(\.tensor)
            guard !tensors.isEmpty else { return nil }
            let trainable = tensors.filter(\.requiresGrad).reduce(0) { $0 + $1.count }
            let total = tensors.reduce(0) { $0 + $1.count }
            let state = trainable == total ? "trainable" : trainable == 0 ? "frozen" : "\(trainable) trainable"
            return "  \(part.rawValue): \(total) parameters, \(state)"
        }.joined(separator: "\n")
    }
}
