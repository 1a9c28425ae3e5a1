import Dispatch
import Foundation
import Synchronization

/// The one setting for how many threads the engine uses.
public enum Parallel {
    private static let threads = Atomic<Int>(defaultThreadCount())

    /// Threads used by `forEach`/`chunks`, and so by every kernel and GEMM.
    public static var threadCount: Int {
        get { threads.load(ordering: .relaxed) }
        set { threads.store(max(1, newValue), ordering: .relaxed) }
    }

    private static func defaultThreadCount() -> Int {
        Runtime.configured
        return max(1, min(ProcessInfo.processInfo.activeProcessorCount, 64))
    }

    /// Runs `body(i)` for every i in 0..<n, spread over the threads. Use it for coarse work items.
    public static func forEach(_ n: Int, _ body: (Int) -> Void) {
        if n <= 0 { return }
        if n == 1 || threadCount == 1 {
            for i in 0..<n { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let work = Unchecked(body)
            DispatchQueue.concurrentPerform(iterations: n) { work.value($0) }
        }
    }

    /// Splits 0..<n into one contiguous range per thread (never smaller than `minChunk`)
    /// and runs `body` on each. Use it for fine-grained loops such as elementwise kernels.
    public static func chunks(_ n: Int, minChunk: Int = 16_384, _ body: (Range<Int>) -> Void) {
        if n <= 0 { return }
        let parts = min(threadCount, max(1, n / max(1, minChunk)))
        if parts == 1 { body(0..<n); return }
        let step = (n + parts - 1) / parts
        forEach(parts) { p in
            let lo = p * step
            let hi = min(n, lo + step)
            if lo < hi { body(lo..<hi) }
        }
    }
}

/// Carries a closure into Dispatch's `@Sendable` work item. Sound because every caller of
/// `Parallel` gives each iteration disjoint memory to write.
private struct Unchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
