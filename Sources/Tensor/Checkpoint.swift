/// Gradient checkpointing: run a stage without keeping its intermediate tensors, and
/// recompute them during the backward pass. Memory falls from every activation of the stage
/// to its input and output, for one extra forward pass.
public enum Checkpoint {
    @TaskLocal static var recomputing = false
    @TaskLocal static var active = false

    /// True while a checkpointed stage is being recomputed: batch norm must not update its
    /// running statistics a second time for the same batch.
    public static var isRecomputing: Bool { recomputing }

    /// True while a checkpointed stage runs, the first time (without a tape, though it is
    /// training) or again: nothing derived from the weights is worth keeping past the step.
    static var isActive: Bool { active || recomputing }
}

extension Tensor {
    /// `f(self)` with checkpointing. `parameters` are the trainable tensors `f` reads (their
    /// gradients are accumulated during the recomputation); `prepareRecompute` restores any
    /// state the first run consumed (for example a dropout generator), so the recomputation
    /// sees exactly what the first run saw.
    public func checkpointed(parameters: [Tensor], prepareRecompute: @escaping () -> Void = {},
                             _ f: @escaping (Tensor) throws -> Tensor) throws -> Tensor {
        guard Autograd.isEnabled else { return try f(self) }
        let input = self
        let out = try Checkpoint.$active.withValue(true) { try Autograd.withoutGradients { try f(input) } }
        return Tensor.result(out.shape, out.data, [input] + parameters) { out in
            let x = input.detached()
            x.requiresGrad = input.requiresGrad
            prepareRecompute()
            // The recomputation repeats a forward pass that already succeeded on the same
            // input, so it should not fail; if it does, the backward pass throws it.
            let y = try Checkpoint.$recomputing.withValue(true) { try f(x) }
            if y.requiresGrad, let seed = out.grad { try y.backward(seed: seed) }
            if let g = x.grad { g.withUnsafeBufferPointer { input.accumulateGrad($0) } }
        }
    }
}
