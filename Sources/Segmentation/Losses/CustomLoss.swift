import Tensor

/// A loss given as a function of the logits and the target, such as a function the user
/// defines in the command language. Its description is its name, which the session defines.
public struct CustomLoss: Loss {
    public let name: String
    private let body: (_ logits: Tensor, _ target: Tensor) throws -> Tensor

    public init(name: String, _ body: @escaping (_ logits: Tensor, _ target: Tensor) throws -> Tensor) {
        self.name = name
        self.body = body
    }

    /// Runs the function and checks that it returned one number.
    public func evaluate(_ batch: LossBatch) throws -> Tensor {
        let value = try body(batch.logits, batch.target)
        guard value.count == 1 else {
            throw ShapeError(name, "a loss must return one number, got a tensor of shape \(value.shape)")
        }
        return value.rank == 0 ? value : try value.reshaped([])
    }

    public var description: String { name }
}
