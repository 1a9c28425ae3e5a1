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
    /// Of `seconds`, the time the trainer waited for its batches (nil in records written
    /// before it was counted).
    public var dataWaitSeconds: Double?
    /// The time spent making this epoch's batches (reading, converting, augmenting), mostly
    /// on the prefetching thread while the trainer worked.
    public var dataSeconds: Double?
    /// The ranks of a data-parallel run (nil for one process), and of `seconds`, the time
    /// rank 0 waited for its gradient all-reduces to finish after backward.
    public var worldSize: Int?
    public var allReduceSeconds: Double?
}

/// Everything a run recorded: per-epoch metrics, the best epoch and why it stopped.
public struct History: Codable, Sendable, Equatable {
    public var records: [EpochRecord] = []
    /// The epoch whose weights the model holds at the end (the best by the monitored metric).
    public var bestEpoch: Int?
    public var bestScore: Double?
    /// Why the run ended before its last epoch, or nil.
    public var stopReason: StopReason?
    /// Where the run ended when it ended before its last epoch.
    public var stoppedAt: FitStop?

    public init() {}

    public var lastTrainLoss: Double? { records.last?.trainLoss }

    /// The share of training time spent waiting for gradient all-reduces, over the
    /// data-parallel epochs.
    public var allReduceShare: Double? {
        let counted = records.filter { $0.allReduceSeconds != nil && $0.seconds > 0 }
        let seconds = counted.reduce(0) { $0 + $1.seconds }
        guard seconds > 0 else { return nil }
        return counted.reduce(0) { $0 + $1.allReduceSeconds! } / seconds
    }

    /// The share of training time spent waiting for data, over the epochs that counted it.
    public var dataWaitShare: Double? {
        let counted = records.filter { $0.dataWaitSeconds != nil && $0.seconds > 0 }
        let seconds = counted.reduce(0) { $0 + $1.seconds }
        guard seconds > 0 else { return nil }
        return counted.reduce(0) { $0 + $1.dataWaitSeconds! } / seconds
    }
}

/// Why a run ended before its last epoch.
public enum StopReason: String, Codable, Sendable, CustomStringConvertible {
    /// Ctrl-C: the run stopped after the step it was in.
    case interrupted
    /// The time budget ran out.
    case timeBudget = "time budget"
    /// The run reached the stop it was given (`FitOptions.stop`).
    case planned = "planned stop"

    public var description: String { rawValue }
}

/// What a running `fit` reports, for a progress bar or a log line.
public enum FitEvent: Sendable {
    /// After each micro-batch.
    case step(FitProgress)
    case epoch(EpochRecord)
    case message(String)
}

/// Where a running `fit` stands, after a micro-batch.
public struct FitProgress: Sendable {
    /// The epoch being trained (0-based) and the run's planned epochs.
    public var epoch: Int
    public var epochs: Int
    /// Batches done of this epoch, and its batches.
    public var batch: Int
    public var batches: Int
    /// The mean training loss of this epoch so far.
    public var loss: Double
    public var imagesPerSecond: Double
    /// Seconds since this `fit` started, and an estimate of the seconds to the end of the
    /// run (or its stop), validation included: elapsed time per batch so far times the
    /// batches left.
    public var elapsed: Double
    public var secondsLeft: Double
}
