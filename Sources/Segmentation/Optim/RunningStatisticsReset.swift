import Tensor

/// Resets every BatchNorm running statistic in `module` to its initial value, as PyTorch's
/// `reset_running_stats()`: buffers named `running_mean` to 0, `running_var` to 1 and
/// `num_batches_tracked` to 0. It is the first half of `update_bn` after weight averaging: the
/// averaged weights are a different network, so its statistics are recomputed from scratch.
/// The tensors are changed in place, so layers holding them see the new values.
/// Returns how many running means were reset (one per BatchNorm layer).
@discardableResult
public func resetRunningStatistics(of module: Module) -> Int {
    var layers = 0
    for (name, tensor) in module.namedBuffers() {
        let leaf = name.split(separator: ".").last ?? ""
        switch leaf {
        case "running_mean":
            tensor.data = [Float](repeating: 0, count: tensor.count)
            layers += 1
        case "running_var":
            tensor.data = [Float](repeating: 1, count: tensor.count)
        case "num_batches_tracked":
            tensor.data = [Float](repeating: 0, count: tensor.count)
        default:
            break
        }
    }
    return layers
}
