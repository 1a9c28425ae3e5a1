import Foundation
import Synchronization

/// Where a dataset build stands, for a progress line: images decoded so far out of all.
public struct LoadProgress: Sendable {
    /// Images decoded (or found unreadable) so far, and the images to decode.
    public var done: Int
    public var total: Int
    /// Seconds since decoding started.
    public var elapsed: Double

    public init(done: Int, total: Int, elapsed: Double) {
        self.done = done
        self.total = total
        self.elapsed = elapsed
    }

    public var finished: Bool { done >= total }
    public var imagesPerSecond: Double { Double(done) / max(elapsed, 1e-9) }
    /// The time left at the rate so far.
    public var secondsLeft: Double { done == 0 ? .infinity : Double(total - done) / imagesPerSecond }
}

/// Counts decoded images across the loader's threads and passes progress on to the
/// caller's callback at most ten times a second (one thread at a time), and once at the end.
final class LoadMeter: Sendable {
    private let total: Int
    private let report: (@Sendable (LoadProgress) -> Void)?
    private let started = DispatchTime.now().uptimeNanoseconds
    private let done = Atomic<Int>(0)
    /// Uptime of the last report, in nanoseconds; the lock also keeps reports in order.
    private let lastReport = Mutex<UInt64>(0)

    init(total: Int, report: (@Sendable (LoadProgress) -> Void)?) {
        self.total = total
        self.report = report
    }

    private var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }

    /// One more image is done.
    func advance() {
        let count = done.add(1, ordering: .relaxed).newValue
        guard let report else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        lastReport.withLock { last in
            guard now >= last + 100_000_000, count < total else { return }
            last = now
            report(LoadProgress(done: count, total: total, elapsed: elapsed))
        }
    }

    /// Every image is done.
    func finish() {
        report?(LoadProgress(done: total, total: total, elapsed: elapsed))
    }
}
