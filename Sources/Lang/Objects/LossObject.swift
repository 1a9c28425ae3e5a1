import Segmentation
import Tensor

/// A training objective as a value. Losses add and scale (`3*bce + dice`), a user function
/// of (probabilities, target) joins them (`bce + 0.5*tversky`), and a loss is callable:
/// `L(logits, target)` is its value as a one-value tensor on the logits' autodiff graph,
/// so `grad(L, z, t)` is dL/dz.
public final class LossObject: EngineObject {
    public let loss: any Loss
    /// Calls of this loss now running: a loss whose user term calls the loss again would
    /// otherwise recurse until the stack overflows.
    private var activeCalls = 0

    public init(_ loss: any Loss) { self.loss = loss }

    public var kind: String { "loss" }
    public var summary: String { "loss \(loss.description)" }

    public func binary(_ op: BinaryOperator, _ other: Value, reversed: Bool) throws -> Value? {
        switch (op, other) {
        case (.add, .object(let o as LossObject)):
            return .object(LossObject(reversed ? o.loss + loss : loss + o.loss))
        case (.subtract, .object(let o as LossObject)):
            return .object(LossObject(reversed ? o.loss - loss : loss - o.loss))
        case (.multiply, .number(let w)):
            return .object(LossObject(Float(w) * loss))
        case (.divide, .number(let d)) where !reversed:
            guard d != 0 else { throw LangError("cannot divide a loss by 0") }
            return .object(LossObject(loss / Float(d)))
        default:
            return nil
        }
    }

    public func negated() throws -> Value? { .object(LossObject(-loss)) }

    /// `L(logits, target)`.
    public func call(_ arguments: [Value], in session: Session) throws -> Value? {
        guard arguments.count == 2 else {
            throw LangError("a loss takes two arguments, the logits and the target, as in `L(z, t)`; "
                            + "got \(arguments.count)")
        }
        guard case .object(let logits as TensorObject) = arguments[0] else {
            throw LangError("the logits (first argument) of a loss must be a tensor, got \(arguments[0].typeName) "
                            + arguments[0].summary.prefix(40))
        }
        return .object(TensorObject(try value(logits.tensor, target: arguments[1])))
    }

    /// The loss of `logits` against `target`, a zero-dimensional tensor that keeps the
    /// logits' graph. The target is a tensor of values in [0, 1], or one number for a mask
    /// that is that value everywhere (`L(z, 0)`: an empty mask).
    ///
    /// The engine's losses want images along the first axis, `[N, 1, H, W]`; smaller ranks
    /// are read as one image `[H, W]`, one row of pixels `[n]`, or a batch of masks
    /// `[N, H, W]`, which is also what indexing a batch (`z[0]`) gives.
    func value(_ logits: Tensor, target: Value) throws -> Tensor {
        activeCalls += 1
        defer { activeCalls -= 1 }
        guard activeCalls == 1 else {
            throw LangError("the loss \(loss.description) calls itself (through a function in it) without end")
        }
        let images = try logits.reshaped(Self.imageShape(logits.shape))
        let mask: Tensor
        switch target {
        case .number(let t):
            guard (0...1).contains(t) else { throw LangError("a target number is a mask value in [0, 1], got \(Value.format(t))") }
            mask = Tensor(repeating: Float(t), shape: images.shape)
        case .object(let t as TensorObject):
            guard Self.imageShape(t.tensor.shape) == images.shape else {
                throw LangError("loss \(loss.description): logits \(logits.shape) and target \(t.tensor.shape) "
                                + "must have the same shape")
            }
            if let bad = t.tensor.data.firstIndex(where: { !(0...1).contains($0) }) {
                throw LangError("the target is a mask, with values in [0, 1]; the value at position \(bad) is "
                                + Value.format(TensorObject.number(t.tensor.data[bad])))
            }
            mask = Tensor(shape: images.shape, data: t.tensor.data)
        default:
            throw LangError("the target (second argument) of a loss must be a tensor or a number, got \(target.typeName) "
                            + target.summary.prefix(40))
        }
        return try loss(images, mask)
    }

    /// `[N, 1, H, W]` for a tensor of rank up to 3, as `value` documents; higher ranks as they are.
    static func imageShape(_ shape: [Int]) -> [Int] {
        switch shape.count {
        case 0: [1, 1, 1, 1]
        case 1: [1, 1, 1, shape[0]]
        case 2: [1, 1] + shape
        case 3: [shape[0], 1, shape[1], shape[2]]
        default: shape
        }
    }

    /// The loss an argument stands for where a function of logits is wanted: a loss value,
    /// or a loss builtin's bare name (`dice` is `dice()`). Nil for anything else; a user
    /// `fn` is not wrapped here, because `grad(f, p, y)` differentiates f as written.
    static func named(_ value: Value, in session: Session) throws -> LossObject? {
        switch value {
        case .object(let l as LossObject): return l
        case .function(.builtin(let b)):
            guard case .object(let l as LossObject)? = try b.operand?(session) else { return nil }
            return l
        default: return nil
        }
    }
}
