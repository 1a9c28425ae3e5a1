import Synchronization

/// A process-wide cancellation flag. The REPL sets it on Ctrl-C; long loops (training,
/// loading, synthesis) poll it at safe points and stop cleanly.
public enum Interrupt {
    private static let flag = Atomic<Bool>(false)

    public static func request() { flag.store(true, ordering: .relaxed) }
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
