import Tensor

/// Stochastic gradient descent with PyTorch's momentum, dampening and Nesterov rules:
///
///     g ← g + λθ
///     b ← g on the first step, then b ← μ·b + (1−dampening)·g
///     g ← g + μ·b (Nesterov) or g ← b
///     θ ← θ − lr·g
///
/// The state is `momentum_buffer` (when μ ≠ 0) and `step` per parameter; the step count tells
/// a resumed run whether the buffer has been started. (PyTorch refuses Nesterov without
/// momentum or with dampening; here the same formulas simply apply, and with μ = 0 Nesterov is
/// plain SGD.)
public final class SGD: Optimizer {
    public let parameters: [(name: String, tensor: Tensor)]
    public var learningRate: Double
    public let momentum: Double
    public let dampening: Double
    public let nesterov: Bool
    public let weightDecay: Double
    private let slots: [ParameterSlot]
    private let bufferNames: [String]

    public init(parameters: [(name: String, tensor: Tensor)], learningRate: Double, momentum: Double = 0,
                dampening: Double = 0, nesterov: Bool = false, weightDecay: Double = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        bufferNames = momentum == 0 ? [] : ["momentum_buffer"]
        slots = parameters.map { ParameterSlot(name: $0.name, tensor: $0.tensor, bufferCount: momentum == 0 ? 0 : 1) }
    }

    public func step() {
        let (mu, l2) = (Float(momentum), Float(weightDecay))
        let keep = Float(1 - dampening)
        for slot in slots {
            guard let grad = slot.tensor.grad else { continue }
            slot.step += 1
            let lr = Float(learningRate * slot.rateScale)
            grad.withUnsafeBufferPointer { g in
                slot.tensor.data.withUnsafeMutableBufferPointer { p in
                    if slot.buffers.isEmpty {
                        Parallel.chunks(p.count, minChunk: 65_536) { range in
                            for i in range { p[i] -= lr * (g[i] + l2 * p[i]) }
                        }
                        return
                    }
                    let first = slot.step == 1
                    slot.buffers[0].withUnsafeMutableBufferPointer { b in
                        Parallel.chunks(p.count, minChunk: 65_536) { range in
                            for i in range {
                                let gi = g[i] + l2 * p[i]
                                b[i] = first ? gi : mu * b[i] + keep * gi
                                p[i] -= lr * (nesterov ? gi + mu * b[i] : b[i])
                            }
                        }
                    }
                }
            }
        }
    }

    public func stateTensors() -> [(name: String, tensor: Tensor)] {
        slots.stateTensors(bufferNames: bufferNames)
    }

    public func scaleRate(_ scale: Double, of names: Set<String>) { slots.scaleRate(scale, of: names) }

    public func loadState(_ tensors: [(name: String, tensor: Tensor)], source: String) throws {
        try slots.loadState(tensors, bufferNames: bufferNames, source: source)
    }

    /// The settings in the command language's syntax, defaults left out.
    public var description: String {
        callSyntax("sgd", [
            keyword("lr", learningRate), keyword("momentum", momentum, default: 0),
            keyword("dampening", dampening, default: 0), nesterov ? "nesterov=true" : nil,
            keyword("weight_decay", weightDecay, default: 0),
        ])
    }
}
