import Tensor

/// A tensor as a language value. Arithmetic goes through the `Tensor` module's
/// differentiable operations, so expressions built from tensors (a user's loss) can be
/// differentiated by the engine.
public final class TensorObject: EngineObject {
    public let tensor: Tensor

    public init(_ tensor: Tensor) { self.tensor = tensor }

    public var kind: String { "tensor" }

    public var summary: String {
        tensor.description + (tensor.requiresGrad ? " (requires grad)" : "")
    }

    public var details: String {
        let mean = Autograd.withoutGradients { tensor.count > 0 ? Self.number(tensor.mean().item) : .nan }
        return [
            "tensor of shape \(tensor.shape), \(tensor.count) values, mean \(Value.format(mean))",
            "values: " + tensor.data.prefix(12).map { Value.format(Self.number($0)) }.joined(separator: ", ")
                + (tensor.count > 12 ? ", ..." : ""),
            "gradient: " + (tensor.grad.map { "\($0.count) values" } ?? "none"),
        ].joined(separator: "\n")
    }

    public var memberNames: [String] { ["grad", "item", "shape"] }

    /// A tensor value as a language number: the double nearest the float's shortest decimal
    /// form, so `0.1` stored as a float reads back as 0.1 and not 0.10000000149011612.
    static func number(_ x: Float) -> Double {
        Double("\(x)") ?? Double(x)
    }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "shape": return .list(tensor.shape.map { .number(Double($0)) })
        case "grad": return tensor.grad.map { .object(TensorObject(Tensor(shape: tensor.shape, data: $0))) } ?? Value.none
        case "item":
            guard tensor.count == 1 else { throw LangError("`item` needs a one-value tensor; this one has shape \(tensor.shape)") }
            return .number(Self.number(tensor.data[0]))
        default: return nil
        }
    }

    /// Indexing runs along the first axis.
    public var count: Int? { tensor.rank > 0 ? tensor.shape[0] : nil }

    public func element(at index: Int) throws -> Value {
        let row = try tensor.slice(axis: 0, index..<(index + 1))
        return .object(TensorObject(try row.reshaped(Array(tensor.shape.dropFirst()))))
    }

    public func slice(_ range: Range<Int>) throws -> Value {
        .object(TensorObject(try tensor.slice(axis: 0, range)))
    }

    public func binary(_ op: BinaryOperator, _ other: Value, reversed: Bool) throws -> Value? {
        let t = tensor
        let result: Tensor
        switch other {
        case .object(let o as TensorObject):
            let (a, b) = reversed ? (o.tensor, t) : (t, o.tensor)
            switch op {
            case .add: result = try a + b
            case .subtract: result = try a - b
            case .multiply: result = try a * b
            case .divide: result = try a / b
            default: return nil
            }
        case .number(let x):
            let s = Float(x)
            switch (op, reversed) {
            case (.add, _): result = t + s
            case (.multiply, _): result = t * s
            case (.subtract, false): result = t - s
            case (.subtract, true): result = s - t
            case (.divide, false): result = t / s
            case (.divide, true): result = s / t
            case (.power, false): result = t.pow(s)
            default: return nil
            }
        default:
            return nil
        }
        return .object(TensorObject(result))
    }

    public func negated() throws -> Value? { .object(TensorObject(-tensor)) }
}
