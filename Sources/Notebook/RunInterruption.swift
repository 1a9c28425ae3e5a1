import Synchronization

/// Whether the user pressed Ctrl-C during a notebook run. The engine's own flag is cleared
/// by whichever loop notices it (a `fit` then stops early and returns normally), so the
/// runner keeps its own: an interrupted block must not be cached or written as if complete.
public enum RunInterruption {
    private static let flag = Atomic<Bool>(false)

    /// Records an interruption; safe to call from a signal handler.
    public static func note() { flag.store(true, ordering: .relaxed) }

    static var noted: Bool { flag.load(ordering: .relaxed) }
}
