import Tensor

extension Session {
    /// How many `call`s from the engine back into the language may nest: `grad` calling a
    /// function that calls `grad`, or a loss calling a user function that calls a loss.
    /// Each starts a fresh evaluator, whose own depth limit would not see the nesting, so
    /// without this a function that hands itself to `grad` would overflow the stack.
    static let maximumHostedCalls = 16

    /// Calls a function value with positional arguments, as the language would.
    public func call(_ function: Function, _ arguments: [Value]) throws(LangError) -> Value {
        let start = Position(offset: 0, line: 1, column: 1)
        let here = SourceRange(start, start)
        guard HostedCalls.depth < Self.maximumHostedCalls else {
            // No place of its own: the builtin that made the call (`grad`) puts it at its call.
            throw LangError("`\(function.name)` is called from inside itself through `grad` or a loss more than "
                            + "\(Self.maximumHostedCalls) deep; does it call itself without end?")
        }
        // `withValue` rethrows untyped; the closure returns its outcome instead, so the
        // error keeps its type.
        let outcome = HostedCalls.$depth.withValue(HostedCalls.depth + 1) { () -> Result<Value, LangError> in
            do throws(LangError) { return .success(try Evaluator(session: self).apply(function, arguments, at: here)) } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
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

/// The nesting of `Session.call`, per task (so per thread of synchronous work).
private enum HostedCalls {
    @TaskLocal static var depth = 0
}
