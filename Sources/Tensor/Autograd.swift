/// Gradient mode. Inference runs inside `Autograd.withoutGradients`, which records no
/// tape and so keeps no intermediate tensors alive. The mode is task-local, so concurrent
/// tasks (tests, a background evaluation) cannot switch it for each other.
public enum Autograd {
    @TaskLocal static var enabled = true

    public static var isEnabled: Bool { enabled }

    public static func withoutGradients<T>(_ body: () throws -> T) rethrows -> T {
        try $enabled.withValue(false) { try body() }
    }
}

extension Tensor {
    /// Wraps an operation's output. When gradients are on and an input needs them, the result
    /// records its inputs and the pullback that turns its gradient into theirs. A pullback
    /// throws only when it has to run a forward pass again (a checkpointed stage).
    static func result(_ shape: [Int], _ data: [Float], _ inputs: [Tensor],
                       _ pullback: @escaping (Tensor) throws -> Void) -> Tensor {
        let out = Tensor(shape: shape, data: data)
        if Autograd.isEnabled && inputs.contains(where: { $0.requiresGrad }) {
            out.requiresGrad = true
            out.parents = inputs
            out.pullback = pullback
        }
        return out
    }

    /// Adds into this tensor's gradient, creating it (as zeros) on first use.
    /// Only tensors that require gradients receive any.
    func accumulateGrad(_ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        guard requiresGrad else { return }
        if grad == nil { grad = [Float](repeating: 0, count: data.count) }
        grad!.withUnsafeMutableBufferPointer { body($0) }
    }

    /// Runs `body` with a pointer to this tensor's gradient (created as zeros if needed),
    /// or with nil when the tensor does not require one.
    func withGradPointer<R>(_ body: (UnsafeMutablePointer<Float>?) -> R) -> R {
        guard requiresGrad else { return body(nil) }
        if grad == nil { grad = [Float](repeating: 0, count: data.count) }
        return grad!.withUnsafeMutableBufferPointer { body($0.baseAddress) }
    }

    /// Adds `g` (same count as this tensor) into the gradient.
    func accumulateGrad(_ g: UnsafeBufferPointer<Float>) {
        accumulateGrad { dst in
            Parallel.chunks(dst.count) { r in for i in r { dst[i] += g[i] } }
        }
    }

    /// Reverse-mode differentiation from this scalar: fills `grad` on every leaf that requires
    /// it (adding to what is there, so gradients accumulate across micro-batches) and then
    /// releases the tape and the interior gradients.
    public func backward() throws {
        guard data.count == 1 else {
            throw ShapeError("backward", "needs a scalar (one-element) tensor, shape is \(show(shape))")
        }
        try backward(seed: [1])
    }

    /// Differentiates from this scalar and calls `leafFinished` with each leaf (a parameter)
    /// as soon as no node left to run adds to its gradient, so a data-parallel trainer can
    /// start sending that gradient while the rest of the pass runs. Leaves whose gradient
    /// comes from inside a checkpointed stage's recomputation are not reported.
    public func backward(leafFinished: (Tensor) -> Void) throws {
        guard data.count == 1 else {
            throw ShapeError("backward", "needs a scalar (one-element) tensor, shape is \(show(shape))")
        }
        try withoutActuallyEscaping(leafFinished) { try backward(seed: [1], leafFinished: $0) }
    }

    /// Differentiates with an explicit output gradient `seed` (same count as this tensor).
    public func backward(seed: [Float], leafFinished: ((Tensor) -> Void)? = nil) throws {
        guard seed.count == data.count else {
            throw ShapeError("backward", "seed has \(seed.count) values for a tensor of shape \(show(shape))")
        }
        guard requiresGrad else {
            throw ShapeError("backward", "this tensor does not depend on anything that requires a gradient")
        }
        let order = topologicalOrder()
        let finishedAfter = leafFinished == nil ? [] : lastConsumers(order)
        seed.withUnsafeBufferPointer { accumulateGrad($0) }
        var failure: (any Error)?
        for (step, node) in order.reversed().enumerated() {
            guard let pullback = node.pullback else { continue }
            if node.grad != nil && failure == nil {
                do { try pullback(node) } catch { failure = error }
            }
            // Interior nodes are done (or, after a failure, abandoned): drop their gradient
            // and their links to the graph, so a failed pass keeps no tape alive.
            node.grad = nil
            node.pullback = nil
            node.parents = []
            if failure == nil, let leafFinished { for leaf in finishedAfter[step] { leafFinished(leaf) } }
        }
        if let failure { throw failure }
    }

    /// For each step of a backward pass over `order` (run in reverse), the leaves whose last
    /// contributing node runs at that step.
    private func lastConsumers(_ order: [Tensor]) -> [[Tensor]] {
        var last: [ObjectIdentifier: Int] = [:]
        var leaves: [ObjectIdentifier: Tensor] = [:]
        for (step, node) in order.reversed().enumerated() where node.pullback != nil {
            for parent in node.parents where parent.requiresGrad && parent.pullback == nil {
                last[ObjectIdentifier(parent)] = step
                leaves[ObjectIdentifier(parent)] = parent
            }
        }
        var finished = [[Tensor]](repeating: [], count: order.count)
        for (id, step) in last { finished[step].append(leaves[id]!) }
        return finished
    }

    /// Nodes reachable from self, each after all of its inputs (iterative DFS: graphs are deep).
    private func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Tensor, Int)] = [(self, 0)]
        visited.insert(ObjectIdentifier(self))
        while let (node, next) = stack.popLast() {
            if next < node.parents.count {
                stack.append((node, next + 1))
                let parent = node.parents[next]
                if parent.requiresGrad, visited.insert(ObjectIdentifier(parent)).inserted {
                    stack.append((parent, 0))
                }
            } else {
                order.append(node)
            }
        }
        return order
    }

    /// Clears the accumulated gradient.
    public func zeroGrad() { grad = nil }
}
