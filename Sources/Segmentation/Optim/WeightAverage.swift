import Tensor

/// A running average of a model's weights, kept beside the model: stochastic weight averaging
/// (SWA, Izmailov et al.) or an exponential moving average (EMA).
///
/// The first update copies the weights; later ones fold them in, as PyTorch's `AveragedModel`:
///
///     SWA:  avg ← avg + (θ − avg)/(n+1)      (the equal average of the n+1 snapshots)
///     EMA:  avg ← decay·avg + (1 − decay)·θ
///
/// Only parameters are averaged; buffers (BatchNorm running statistics) are not, so after
/// `copyToParameters()` they should be recomputed with a pass over training batches
/// (`resetRunningStatistics(of:)` first, then forward passes in training mode).
public final class WeightAverage {
    /// When and how snapshots enter the average.
    public enum Rule: Equatable, Sendable {
        /// The equal average of the weights at the end of each epoch from `fromEpoch` (0-based) on.
        case swa(fromEpoch: Int)
        /// An exponential moving average, updated after every optimizer step.
        case ema(decay: Double)
    }

    public let rule: Rule
    /// The model's parameters the average follows, by dotted name.
    public let parameters: [(name: String, tensor: Tensor)]
    /// How many snapshots the average holds (PyTorch's `n_averaged`).
    public private(set) var count = 0
    private var averages: [[Float]]

    public init(_ rule: Rule, parameters: [(name: String, tensor: Tensor)]) {
        self.rule = rule
        self.parameters = parameters
        averages = parameters.map { [Float](repeating: 0, count: $0.tensor.count) }
    }

    /// Folds the parameters' current values into the average.
    public func update() {
        for (k, p) in parameters.enumerated() {
            p.tensor.data.withUnsafeBufferPointer { theta in
                averages[k].withUnsafeMutableBufferPointer { avg in
                    if count == 0 {
                        _ = avg.update(fromContentsOf: theta)
                        return
                    }
                    // Both rules are a step of avg towards θ (PyTorch's lerp), only the weight differs.
                    let w: Float = switch rule {
                    case .swa: Float(1 / Double(count + 1))
                    case .ema(let decay): Float(1 - decay)
                    }
                    for i in avg.indices { avg[i] += w * (theta[i] - avg[i]) }
                }
            }
        }
        count += 1
    }

    /// Call after every optimizer step: EMA updates here.
    public func stepEnded() {
        if case .ema = rule { update() }
    }

    /// Call after each epoch (0-based): SWA takes a snapshot from its first epoch on.
    public func epochEnded(_ epoch: Int) {
        if case .swa(let first) = rule, epoch >= first { update() }
    }

    /// The average as named tensors, one per parameter.
    public var averagedParameters: [(name: String, tensor: Tensor)] {
        zip(parameters, averages).map { ($0.name, Tensor(shape: $0.tensor.shape, data: $1)) }
    }

    /// Writes the average into the model's parameters (nothing happens before the first update).
    public func copyToParameters() {
        guard count > 0 else { return }
        for (p, avg) in zip(parameters, averages) { p.tensor.data = avg }
    }

    /// The state for a checkpoint: `n_averaged` and one tensor per parameter name.
    public func stateTensors() -> [(name: String, tensor: Tensor)] {
        [("n_averaged", Tensor(Float(count)))] + averagedParameters
    }

    /// Restores `stateTensors()` output; names and shapes must match, and nothing changes if not.
    public func loadState(_ tensors: [(name: String, tensor: Tensor)], source: String) throws {
        let targets = [("n_averaged", Tensor(0))] + parameters.map { ($0.name, Tensor(zeros: $0.tensor.shape)) }
        try NamedTensors.assign(tensors, to: targets, source: source)
        count = try NamedTensors.count(in: targets[0].1, source: source, place: "n_averaged")
        averages = targets.dropFirst().map(\.1.data)
    }
}
