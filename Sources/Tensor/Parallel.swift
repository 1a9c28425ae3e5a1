import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one setting for how many threads the engine uses.
///
/// A loop never runs on more than `threadCount` threads, nested loops included: a loop
/// started on one of N workers of an outer loop gets `threadCount / N` threads of its own
/// (at least one, its caller), so the whole engine stays within the setting.
public enum Parallel {
    private static let threads = Atomic<Int>(defaultThreadCount())

    /// Threads used by `forEach`/`chunks`, and so by every kernel and GEMM.
    public static var threadCount: Int {
        get { threads.load(ordering: .relaxed) }
        set { threads.store(max(1, newValue), ordering: .relaxed) }
    }

    /// The threads a loop started here may use: `threadCount`, or less inside another loop's
    /// worker or `withThreadLimit`. Code that cuts its work into one piece per thread asks
    /// this, so a forward run inside a worker cuts it as a one-thread process would.
    public static var available: Int { WorkerBudget.current ?? threadCount }

    private static func defaultThreadCount() -> Int {
        Runtime.configured
        return max(1, min(ProcessInfo.processInfo.activeProcessorCount, 64))
    }

    /// Runs `body` with every loop it starts on this thread limited to `limit` threads (or
    /// fewer, inside another loop or under a lower `threadCount`), leaving other threads'
    /// loops, and the process-wide setting, as they are.
    public static func withThreadLimit<R>(_ limit: Int, _ body: () throws -> R) rethrows -> R {
        let outer = WorkerBudget.current
        WorkerBudget.current = max(1, min(limit, outer ?? threadCount))
        defer { WorkerBudget.current = outer }
        return try body()
    }

    /// Runs `body(i)` for every i in 0..<n, spread over at most `threadCount` threads (fewer
    /// inside another parallel loop). Use it for coarse work items. Workers take the next
    /// undone index as they finish, so uneven items still balance.
    public static func forEach(_ n: Int, _ body: (Int) -> Void) {
        if n <= 0 { return }
        let budget = available
        let workers = min(n, budget)
        if workers <= 1 {
            for i in 0..<n { body(i) }
            return
        }
        let share = max(1, budget / workers)
        let next = NextIndex()
        withoutActuallyEscaping(body) { body in
            let work = Unchecked(body)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                let outer = WorkerBudget.current
                WorkerBudget.current = share
                defer { WorkerBudget.current = outer }
                while true {
                    let i = next.value.add(1, ordering: .relaxed).oldValue
                    if i >= n { break }
                    work.value(i)
                }
            }
        }
    }

    /// Splits 0..<n into one contiguous range per thread (never smaller than `minChunk`)
    /// and runs `body` on each. Use it for fine-grained loops such as elementwise kernels.
    public static func chunks(_ n: Int, minChunk: Int = 16_384, _ body: (Range<Int>) -> Void) {
        if n <= 0 { return }
        let parts = min(available, max(1, n / max(1, minChunk)))
        if parts == 1 { body(0..<n); return }
        let step = (n + parts - 1) / parts
        forEach(parts) { p in
            let lo = p * step
            let hi = min(n, lo + step)
            if lo < hi { body(lo..<hi) }
        }
    }
}

/// The threads a loop started on this thread may use, while the thread works for an outer
/// loop; nil outside any loop (then the loop may use `threadCount`). Kept per thread, as
/// `pthread_getspecific` is a few instructions, cheap beside any work item.
private enum WorkerBudget {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    static var current: Int? {
        get {
            guard let pointer = pthread_getspecific(key) else { return nil }
            return Int(bitPattern: pointer)
        }
        set { pthread_setspecific(key, newValue.flatMap { UnsafeRawPointer(bitPattern: $0) }) }
    }
}

/// The next index of a `forEach` that no worker has taken.
private final class NextIndex: Sendable {
    let value = Atomic<Int>(0)
}

/// Carries a closure into Dispatch's `@Sendable` work item. Sound because every caller of
/// `Parallel` gives each iteration disjoint memory to write.
private struct Unchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
