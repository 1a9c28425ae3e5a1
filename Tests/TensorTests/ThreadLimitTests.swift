import Synchronization
import Tensor
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A parallel loop runs on at most as many threads as it is allowed, nested loops included.
/// (The limit is set per calling thread with `withThreadLimit`; `threadCount` is process-wide
/// and would reach the tests running beside these.)
@Suite struct ThreadLimitTests {
    /// The distinct threads that ran `loop`'s iterations, and how often each index ran.
    private func threads(_ n: Int, _ loop: ((Int) -> Void) -> Void) -> (threads: Int, runs: [Int]) {
        let seen = Mutex<(threads: Set<UInt>, runs: [Int])>(([], [Int](repeating: 0, count: n)))
        loop { i in
            usleep(200)   // long enough for idle workers to join in
            let me = currentThread()
            seen.withLock {
                $0.threads.insert(me)
                $0.runs[i] += 1
            }
        }
        return seen.withLock { ($0.threads.count, $0.runs) }
    }

    @Test(arguments: [1, 2, 3, 5])
    func aLoopUsesAtMostTheLimit(limit: Int) {
        let result = threads(300) { body in Parallel.withThreadLimit(limit) { Parallel.forEach(300, body) } }
        #expect(result.threads <= limit)
        #expect(result.runs == [Int](repeating: 1, count: 300))
    }

    @Test func oneThreadMeansTheCallingThread() {
        let caller = currentThread()
        let ran = Mutex<Set<UInt>>([])
        Parallel.withThreadLimit(1) {
            Parallel.chunks(1 << 20, minChunk: 1) { _ in
                let me = currentThread()
                ran.withLock { _ = $0.insert(me) }
            }
        }
        #expect(ran.withLock { $0 } == [caller])
    }

    /// Loops inside a loop's workers share its threads instead of each taking the limit.
    @Test(arguments: [2, 3, 4])
    func nestedLoopsShareTheLimit(limit: Int) {
        let result = threads(4 * 60) { body in
            Parallel.withThreadLimit(limit) {
                Parallel.forEach(4) { outer in
                    Parallel.forEach(60) { inner in body(outer * 60 + inner) }
                }
            }
        }
        #expect(result.threads <= limit)
        #expect(result.runs == [Int](repeating: 1, count: 240))
    }

    @Test func chunksStayWithinTheLimit() {
        let result = threads(64) { body in
            Parallel.withThreadLimit(2) { Parallel.chunks(64, minChunk: 1) { range in range.forEach(body) } }
        }
        #expect(result.threads <= 2)
        #expect(result.runs == [Int](repeating: 1, count: 64))
    }
}

/// The calling thread's identity.
private func currentThread() -> UInt {
    #if canImport(Glibc)
    UInt(pthread_self())
    #else
    UInt(bitPattern: pthread_self())
    #endif
}
