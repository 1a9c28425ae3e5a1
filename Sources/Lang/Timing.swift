import Core
import Tensor

/// `:time STMT`: runs a statement repeatedly, in isolation, and reports the median.
public struct Timing: Sendable {
    public let runs: Int
    public let median: Duration
    public let fastest: Duration

    /// "12.3 ms median, 11.9 ms fastest, 25 runs".
    public var summary: String {
        "\(Self.format(median)) median, \(Self.format(fastest)) fastest, \(runs) runs"
    }

    static func format(_ d: Duration) -> String {
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        switch seconds {
        case ..<1e-6: return String(Int((seconds * 1e9).rounded())) + " ns"
        case ..<1e-3: return String(Int((seconds * 1e6).rounded())) + " µs"
        case ..<1: return String(Double(Int(seconds * 1e4)) / 10) + " ms"
        default: return String(Double(Int(seconds * 100)) / 100) + " s"
        }
    }
}

extension Session {
    /// Runs the single statement in `text` until about `budget` has passed (at least 3 and at
    /// most 1000 times), with output discarded and the session left as it was.
    public func time(_ text: String, budget: Duration = .seconds(1)) throws(LangError) -> Timing {
        let parsed = Parser.parse(SourceText(text, name: ":time"))
        guard parsed.count == 1, let statement = try? parsed[0].get() else {
            if case .failure(let error)? = parsed.first { throw error }
            throw LangError(":time takes exactly one statement")
        }
        let clock = ContinuousClock()
        var durations: [Duration] = []
        try Operators.guarded(statement.range) {
            try isolated(output: CapturedOutput()) {
                let started = clock.now
                while durations.count < 1000 && (durations.count < 3 || clock.now - started < budget) {
                    let t0 = clock.now
                    _ = try evaluate(statement)
                    durations.append(clock.now - t0)
                    try Interrupt.check()
                }
            }
        }
        durations.sort()
        return Timing(runs: durations.count, median: durations[durations.count / 2], fastest: durations[0])
    }
}
