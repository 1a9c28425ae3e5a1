import Tensor

extension Module {
    /// This module and everything below it, depth first.
    public var descendants: [Module] { [self] + children.flatMap { $0.module.descendants } }
}

extension Layer {
    /// Runs the layer, checkpointed when asked and training: its activations are recomputed
    /// in the backward pass instead of kept. Dropout generators are rewound before the
    /// recomputation so it draws the same masks.
    func callAsFunction(_ x: Tensor, checkpointed: Bool) throws -> Tensor {
        guard checkpointed, isTraining, Autograd.isEnabled else { return try self(x) }
        let dropouts = descendants.compactMap { $0 as? Dropout }
        let saved = dropouts.map(\.generator)
        return try x.checkpointed(parameters: parameters, prepareRecompute: {
            for (d, g) in zip(dropouts, saved) { d.generator = g }
        }) { try self($0) }
    }
}
