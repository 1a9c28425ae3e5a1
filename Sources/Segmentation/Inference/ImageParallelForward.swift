import Tensor

extension SegmentationModel {
    /// `allOutputs` for inference without gradients: the batch is cut into groups of
    /// `imagesPerForward` images, and the engine's threads take whole forwards of one group
    /// each, every layer of it on one thread.
    ///
    /// Splitting each layer's work across threads instead needs a fork and a join per layer
    /// (over 150 for the reference U-Net), and on a VM whose cores are descheduled now and
    /// then, every join waits for the slowest core. A group's forward is independent of the
    /// other groups and of the thread count, so with the default group of one image, an
    /// image's prediction is the same bits whatever batch it came in and however many threads
    /// run. The price is that one image alone runs on one thread. The model must be in eval
    /// mode (or training-mode batch statistics would come from each group alone).
    public func inferenceOutputs(_ x: Tensor, imagesPerForward: Int = 1) throws -> ModelOutputs {
        // Checked whole, so an error names the batch's shape rather than one image's.
        try checkInput(x)
        let n = x.shape[0], size = max(1, imagesPerForward)
        // A lone group runs on one thread too: a batch's last image, or a single image, must
        // get the bits it gets in any other batch.
        guard n > size else {
            return try Parallel.withThreadLimit(1) { try Autograd.withoutGradients { try allOutputs(x) } }
        }
        let groups = stride(from: 0, to: n, by: size).map { $0..<min(n, $0 + size) }
        var results = [Result<ModelOutputs, any Error>?](repeating: nil, count: groups.count)
        results.withUnsafeMutableBufferPointer { slots in
            Parallel.forEach(groups.count) { g in
                // Gradient mode is kept per thread: each worker turns it off for itself. One
                // thread per group even when there are more threads than groups, for the bits.
                slots[g] = Result {
                    try Parallel.withThreadLimit(1) {
                        try Autograd.withoutGradients { try allOutputs(x.slice(axis: 0, groups[g])) }
                    }
                }
            }
        }
        let parts = try results.map { try $0!.get() }
        return try Autograd.withoutGradients {
            var joined = ModelOutputs(heads: try parts[0].heads.indices.map { h in
                try Tensor.concat(parts.map { $0.heads[h] }, axis: 0)
            })
            if parts[0].imageLogits != nil {
                joined.imageLogits = try Tensor.concat(parts.map { $0.imageLogits! }, axis: 0)
            }
            return joined
        }
    }
}
