/// One epoch of a training run, as `history` plots it.
public struct EpochRecord: Codable, Sendable, Equatable {
    public var epoch: Int
    public var trainLoss: Double
    public var validationLoss: Double?
    /// The competition metric on the validation split (mean per-image Dice, empty/empty = 1).
    public var validationDice: Double?
    public var validationIoU: Double?
    public var learningRate: Double
    public var images: Int
    public var seconds: Double
    /// "swa" for the evaluation after weight averaging, nil for ordinary epochs.
    public var note: String?
}

/// Everything a run recorded: per-epoch metrics, the best epoch and why it stopped.
public struct History: Codable, Sendable, Equatable {
    public var records: [EpochRecord] = []
    /// The epoch whose weights the model holds at the end (the best by the monitored metric).
    public var bestEpoch: Int?
    public var bestScore: Double?
    /// Why the run ended before its last epoch ("interrupted", "time budget"), or nil.
    public var stopReason: String?

    public init() {}

    public var lastTrainLoss: Double? { records.last?.trainLoss }
}

/// What a running `fit` reports, for a progress bar or a log line.
public enum FitEvent: Sendable {
    /// After each optimizer micro-batch.
    case step(epoch: Int, batch: Int, batches: Int, loss: Double, imagesPerSecond: Double, secondsLeft: Double)
    case epoch(EpochRecord)
    case message(String)
}
