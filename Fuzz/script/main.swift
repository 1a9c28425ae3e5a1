import Foundation
import FuzzSupport
import Lang
import Synchronization
import Core
import Tensor

// Run the bytes as a script in a fresh session that may touch no files, reaching the lexer,
// the parser and the evaluator with every builtin. Work per input is bounded: inputs over
// 4 KiB are skipped, and a watchdog interrupts (as Ctrl-C does) every statement of a run that
// takes longer than `Watchdog.limit`, so that a loop the fuzzer writes stops and unwinds
// through the same path a user's interrupted statement takes.

/// One thread that requests an interrupt once the armed run passes its time limit.
enum Watchdog {
    static let limit: Int64 = 200_000_000  // nanoseconds
    /// When the running input must stop, in nanoseconds of the monotonic clock; 0 when none runs.
    static let deadline = Atomic<Int64>(0)

    static func start() {
        Thread.detachNewThread {
            while true {
                Thread.sleep(forTimeInterval: 0.005)
                // Past the deadline it keeps requesting: with `keepGoing` the session clears
                // the request before each statement, and one request would stop only the
                // statement running then, leaving the rest of the input unbounded.
                let due = deadline.load(ordering: .relaxed)
                if due != 0, now() > due { Interrupt.process.request() }
            }
        }
    }

    static func arm() { deadline.store(now() + limit, ordering: .relaxed) }

    static func disarm() {
        deadline.store(0, ordering: .relaxed)
        Interrupt.process.reset()
    }

    static func now() -> Int64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
    }
}

/// Built once, not per input; libFuzzer calls the body from one thread. The registry limits
/// the parameters that scale engine work (see `Registry.limitingWork`): without the limits a
/// notebook seed trains, synthesises and previews at full size, and a ResNet-34 takes
/// seconds to initialise under the sanitizers, so the target managed tens of executions a
/// second instead of hundreds.
enum Shared {
    nonisolated(unsafe) static let registry = Registry.standard().limitingWork(
        ceilings: ["size": 32, "count": 16, "n": 8, "trials": 4, "epochs": 2, "batch": 4, "base": 8,
                   "depth": 3, "k": 4, "test": 8, "width": 256, "height": 256, "swa": 2, "accum": 2],
        choices: ["encoder": ["plain", "effnet-b0", "timm-efficientnet-b0"]],
        // Its smallest model (the B0 encoder) takes 1-3 s to initialise under the sanitizers:
        // the first long run spent most of its time in the 1% of inputs that called it. Its
        // arguments go through the same declarative checks as the builtins kept here.
        excluding: ["smp_unet"])
    static let sandbox = Sandbox(workingDirectory: NSTemporaryDirectory(), allowsFiles: false)
}
Watchdog.start()

fuzz { bytes in
    guard bytes.count <= 4096 else { return }
    // One thread: the fuzzer is one process per core (`-jobs` for more), and an input that
    // ran `threads 8` must not change what the next one costs.
    Parallel.threadCount = 1
    let session = Session(registry: Shared.registry, seed: 7, sandbox: Shared.sandbox)
    Watchdog.arm()
    session.run(String(decoding: bytes, as: UTF8.self), name: "<fuzz>", keepGoing: true)
    Watchdog.disarm()
}
