import Augment

/// How `fit` trains: the knobs of the 2019 reference pipeline.
public struct FitOptions {
    public enum OptimizerKind: Equatable, Sendable {
        case adam
        case adamW
        case sgd(momentum: Double, nesterov: Bool)
    }

    /// What "best" means when choosing the weights to keep.
    public enum Monitor: String, Sendable, CaseIterable {
        case dice, loss
    }

    public var epochs = 1
    public var batchSize = 4
    /// Micro-batches whose gradients add up before each optimizer step.
    public var accumulation = 1
    public var learningRate = 1e-3
    /// The encoder's own rate (a PyTorch parameter group), following the same schedule; nil: `learningRate`.
    public var encoderLearningRate: Double?
    /// The weight of the image-level head's BCE in the loss, for a model with a classifier head.
    public var classifierWeight = 1.0
    public var optimizer = OptimizerKind.adam
    public var weightDecay = 0.0
    public var schedule = Schedule(.constant)
    public var loss: any Loss
    public var augmentation: (any Transform)?
    /// Positives' share of each epoch, or nil for every sample: an epoch takes every positive
    /// and as many randomly drawn negatives as make positives about this share of it (all the
    /// negatives when there are too few), `EpochPlan`.
    public var positiveFraction: Double?
    public var seed: UInt64 = 0
    /// Stop (keeping the weights) after this many seconds.
    public var timeBudget: Double?
    /// Stop (keeping the weights) at this point of the run; the schedule still spans `epochs`.
    public var stop: FitStop?
    /// Average the weights of the epochs from this one (0-based) on, then recompute BN statistics.
    public var swaFromEpoch: Int?
    /// Keep an exponential moving average of the weights with this decay and use it at the end.
    public var emaDecay: Double?
    /// Clip the global gradient norm to this value.
    public var clipNorm: Double?
    /// Validation threshold on probabilities.
    public var threshold: Float = 0.5
    public var monitor = Monitor.dice
    /// Where to write a checkpoint after each epoch (atomically), if anywhere.
    public var checkpointPath: String?
    /// Whether the next batch is made on a thread of its own while the current one trains
    /// (`BatchPrefetcher`). The batches are the same either way; off, they are made in turn.
    public var prefetch = true

    public init(loss: any Loss) { self.loss = loss }

    /// Checks the values a user typed, naming the first wrong one.
    public func validate() throws {
        func bad(_ what: String) -> FitError { FitError(what) }
        guard epochs >= 1 else { throw bad("epochs must be at least 1, got \(epochs)") }
        guard batchSize >= 1 else { throw bad("batch must be at least 1, got \(batchSize)") }
        guard accumulation >= 1 else { throw bad("accum must be at least 1, got \(accumulation)") }
        guard learningRate > 0, learningRate.isFinite else { throw bad("lr must be positive, got \(learningRate)") }
        if let r = encoderLearningRate, !(r >= 0 && r.isFinite) { throw bad("lr_encoder must be 0 or more, got \(r)") }
        guard classifierWeight >= 0, classifierWeight.isFinite else { throw bad("cls_weight must be 0 or more, got \(classifierWeight)") }
        if let f = positiveFraction, !(f > 0 && f <= 1) { throw bad("pos_frac must be in (0, 1], got \(f)") }
        if let d = emaDecay, !(d > 0 && d < 1) { throw bad("ema must be in (0, 1), got \(d)") }
        if let k = swaFromEpoch, !(0..<epochs).contains(k) { throw bad("swa must be an epoch in 0..<\(epochs), got \(k)") }
        if let t = timeBudget, !(t > 0) { throw bad("budget must be positive, got \(t)") }
    }
}

/// A training run that cannot start or continue, with the reason.
public struct FitError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
