import Segmentation
import Tensor

extension Session {
    /// The value a function stands for when used as an operand or as a loss argument: a
    /// builtin's declared operand (the loss builtins give their loss with default settings),
    /// or, for a user function, a loss that calls it with the predicted probabilities
    /// σ(logits) and the target mask. Nil when the function stands for nothing.
    func operand(of function: Function) throws -> Value? {
        switch function {
        case .builtin(let b): return try b.operand?(self)
        case .user: return .object(LossObject(userLoss(function)))
        }
    }

    /// A user function `(p, y)` as a loss; `p` is σ(logits), so losses are written on probabilities.
    func userLoss(_ function: Function) -> any Loss {
        let body = tensorFunction(function)
        return CustomLoss(name: function.name) { logits, target in try body(logits.sigmoid(), target) }
    }

    /// The loss an argument names: a loss value, a loss builtin's bare name, or a user function.
    func loss(from value: Value) throws -> (any Loss)? {
        switch value {
        case .object(let l as LossObject): return l.loss
        case .function(let f):
            if case .object(let l as LossObject)? = try operand(of: f) { return l.loss }
            return nil
        default: return nil
        }
    }
}
