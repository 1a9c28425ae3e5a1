import Segmentation

/// How `fit` and `resume` tell the truth about what ran. A run cut short by Ctrl-C or its
/// time budget is recorded with the point it reached as `stop=` (and without `budget=`);
/// a run that ended within its budget is recorded without the budget. Either way the
/// journal and the saved script train exactly as far as the session did, on any machine,
/// and reproduce its weights bit for bit at the same thread count. The schedule keeps the
/// full `epochs`, so the learning rates of the steps that ran are the same.
extension Registry {
    /// The `stop` argument: a count of whole epochs, or `[epochs, batches]`.
    static func fitStop(_ args: Arguments) throws -> FitStop? {
        guard args.has("stop") else { return nil }
        let form = "`stop` must be a number of epochs or [epochs, batches], e.g. 26 or [26, 40]"
        if let epochs = args["stop"].integer { return FitStop(epochs: epochs) }
        guard case .list(let items) = args["stop"], items.count == 2,
              let epochs = items[0].integer, let batches = items[1].integer else { throw args.error("stop", form) }
        return FitStop(epochs: epochs, batches: batches)
    }

    /// The stop as `fit` takes it: `26`, or `[26, 40]` mid-epoch.
    static func stopValue(_ stop: FitStop) -> Value {
        stop.batches == 0 ? .number(Double(stop.epochs))
            : .list([.number(Double(stop.epochs)), .number(Double(stop.batches))])
    }

    /// Amends how the call is recorded (see `Arguments.amend`) and returns the line to print
    /// about an early stop, if the run stopped early.
    static func recordAsRun(_ args: Arguments, history: History, epochs: Int, batchesPerEpoch: Int) throws -> String? {
        let budget = try args.optionalNumber("budget").map { "budget \(Value.format($0))s" }
        guard let reason = history.stopReason, let at = history.stoppedAt else {
            if let budget { args.amend(setting: [], removing: ["budget"], comment: "finished within \(budget)") }
            return nil
        }
        let point = "stopped " + at.description(epochs: epochs, batchesPerEpoch: batchesPerEpoch)
        switch reason {
        case .planned:
            if let budget { args.amend(setting: [], removing: ["budget"], comment: "stopped within \(budget)") }
            return point + ", as `stop` says"
        case .interrupted, .timeBudget:
            let why = reason == .interrupted ? "interrupted" : budget ?? "time budget"
            args.amend(setting: [("stop", stopValue(at))], removing: ["budget"], comment: "\(point): \(why)")
            return "\(point): \(why)"
        }
    }
}
