import Synchronization

/// A cancellation flag. The REPL sets the process's on Ctrl-C; long loops (training,
/// loading, synthesis) poll the current one at safe points and stop cleanly.
public final class InterruptSource: Sendable {
    private let flag = Atomic<Bool>(false)
    private let requests = Atomic<Int>(0)

    public init() {}

    public func request() {
        requests.add(1, ordering: .relaxed)
        flag.store(true, ordering: .relaxed)
    }

    /// How many cancellations have been requested so far. A loop that compares it with the
    /// count at its start notices a Ctrl-C even after an inner command (a `fit` that stops
    /// after its current step) has consumed and cleared the flag.
    public var requestCount: Int { requests.load(ordering: .relaxed) }
    public func reset() { flag.store(false, ordering: .relaxed) }
    public var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Throws `Interrupted` if a cancellation was requested, clearing the request.
    public func check() throws {
        if flag.exchange(false, ordering: .relaxed) { throw Interrupted() }
    }
}

/// The cancellation flag that code running here obeys: the process's own (which SIGINT and
/// the kernel's interrupt request set) unless a caller bound another with
/// `Interrupt.$current.withValue(_:)`. Tests bind one each, so a test that interrupts its own
/// work cannot stop, or be cleared by, another test running beside it.
///
/// The binding is task- and thread-local: a parallel loop reads `Interrupt.current` once
/// before it starts and polls that source on its workers.
public enum Interrupt {
    /// What SIGINT sets. Created before any handler is installed (a static `let` is
    /// initialised once, on first use), so the handler itself only stores into atomics.
    public static let process = InterruptSource()

    @TaskLocal public static var current: InterruptSource = process

    public static func request() { current.request() }
    public static var requestCount: Int { current.requestCount }
    public static func reset() { current.reset() }
    public static var isRequested: Bool { current.isRequested }
    /// Throws `Interrupted` if a cancellation was requested, clearing the request.
    public static func check() throws { try current.check() }
}

public struct Interrupted: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "interrupted" }
}
