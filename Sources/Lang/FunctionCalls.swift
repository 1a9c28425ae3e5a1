import Tensor

extension Session {
    /// Calls a function value with positional arguments, as the language would.
    public func call(_ function: Function, _ arguments: [Value]) throws(LangError) -> Value {
        let start = Position(offset: 0, line: 1, column: 1)
        return try Evaluator(session: self).apply(function, arguments, at: SourceRange(start, start))
    }

    /// A function of two tensors (prediction, target) that returns a one-value tensor, as the
    /// engine's trainer takes a loss. Built from a user `fn`, it is differentiable because
    /// the language's tensor arithmetic is the engine's.
    public func tensorFunction(_ function: Function) -> (Tensor, Tensor) throws -> Tensor {
        { prediction, target in
            let result = try self.call(function, [.object(TensorObject(prediction)), .object(TensorObject(target))])
            switch result {
            case .object(let t as TensorObject) where t.tensor.count == 1: return t.tensor
            case .number(let x): return Tensor(Float(x))
            default:
                throw LangError("the loss `\(function.name)` must give a one-value tensor, got \(result.typeName)")
            }
        }
    }
}
