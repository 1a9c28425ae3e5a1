/// One piece of what a session produces. Text and figures stay separate so the notebook
/// runner can put text in a fenced block and link figures as images.
public enum Output: Equatable, Sendable {
    /// Text, one or more lines without the final newline.
    case text(String)
    /// A PNG that a statement wrote.
    case figure(path: String)
    /// An error report, already rendered.
    case error(String)
}

/// Where a session's output goes: the terminal, a test, a notebook.
public protocol OutputSink: AnyObject {
    func write(_ output: Output)
}

/// Collects output in order; used by tests, by `example`, and by the notebook runner.
public final class CapturedOutput: OutputSink {
    public private(set) var items: [Output] = []

    public init() {}

    public func write(_ output: Output) { items.append(output) }

    /// All text output joined by newlines.
    public var text: String {
        items.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined(separator: "\n")
    }

    /// All error reports joined by newlines.
    public var errors: String {
        items.compactMap { if case .error(let t) = $0 { t } else { nil } }.joined(separator: "\n")
    }

    public func clear() { items.removeAll() }
}
