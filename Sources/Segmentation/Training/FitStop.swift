/// A point in a run where `fit` stops on purpose: after `epochs` whole epochs and `batches`
/// batches of the next one. A run cut short by Ctrl-C or a time budget is recorded with
/// the point it reached, so replaying it trains exactly as far, on any machine: the
/// schedule still spans the run's full `epochs`, only the stop is earlier.
public struct FitStop: Codable, Sendable, Equatable, Comparable {
    /// Whole epochs trained, counted from the start of the run (a resumed run included).
    public var epochs: Int
    /// Batches trained of the epoch after them; a multiple of the accumulation, so the stop
    /// always falls between two optimizer steps.
    public var batches: Int

    public init(epochs: Int, batches: Int = 0) {
        self.epochs = epochs
        self.batches = batches
    }

    public static func < (a: FitStop, b: FitStop) -> Bool {
        (a.epochs, a.batches) < (b.epochs, b.batches)
    }

    /// Checks the stop against a run of `epochs` epochs of `batchesPerEpoch` batches each,
    /// `accumulation` batches per optimizer step, that has done `done` epochs already.
    func validate(epochs total: Int, batchesPerEpoch: Int, accumulation: Int, done: Int) throws {
        let written = batches == 0 ? "\(epochs)" : "[\(epochs), \(batches)]"
        guard epochs >= 0, batches >= 0 else { throw FitError("stop=\(written) must not be negative") }
        guard epochs < total || (epochs == total && batches == 0) else {
            throw FitError("stop=\(written) is past the end of the run (\(total) epoch\(total == 1 ? "" : "s"))")
        }
        guard batches < batchesPerEpoch else {
            throw FitError("stop=\(written) is past the end of epoch \(epochs + 1), which has \(batchesPerEpoch) batches")
        }
        guard batches % accumulation == 0 else {
            throw FitError("stop=\(written): the batches must be a multiple of accum=\(accumulation), "
                           + "so the stop falls between optimizer steps")
        }
        guard FitStop(epochs: done) <= self else {
            throw FitError("stop=\(written) is before where the run stands (\(done) epochs done)")
        }
    }

    /// "after epoch 26 of 40", "in epoch 27 of 40, after batch 3 of 50", "before epoch 1 of 40".
    public func description(epochs total: Int, batchesPerEpoch: Int) -> String {
        if batches > 0 { return "in epoch \(epochs + 1) of \(total), after batch \(batches) of \(batchesPerEpoch)" }
        return epochs == 0 ? "before epoch 1 of \(total)" : "after epoch \(epochs) of \(total)"
    }
}
