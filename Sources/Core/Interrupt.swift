import Synchronization

/// A process-wide cancellation flag. The REPL sets it on Ctrl-C; long loops (training,
/// loading, synthesis) poll it at safe points and stop cleanly.
public enum Interrupt {
    private static let flag = Atomic<Bool>(false)
    private static let requests = Atomic<Int>(0)

    public static func request() {
        requests.add(1, ordering: .relaxed)
        flag.store(true, ordering: .relaxed)
    }

    /// How many cancellations have been requested so far. A loop that compares it with the
    /// count at its start notices a Ctrl-C even after an inner command (a `fit` that stops
    /// after its current step) has consumed and cleared the flag.
    public static var requestCount: Int { requests.load(ordering: .relaxed) }
    public static func reset() { flag.store(false, ordering: .relaxed) }
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Throws `Interrupted` if a cancellation was requested, clearing the request.
    public static func check() throws {
        if flag.exchange(false, ordering: .relaxed) { throw Interrupted() }
    }
}

public struct Interrupted: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "interrupted" }
}
