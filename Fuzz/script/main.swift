import Foundation
import FuzzSupport
import Lang
import Synchronization
import Core

// Run the bytes as a script in a fresh session that may touch no files, reaching the lexer,
// the parser and the evaluator with every builtin. Work per input is bounded: inputs over
// 4 KiB are skipped, and a watchdog interrupts (as Ctrl-C does) a run that takes longer than
// `Watchdog.limit`, so that a loop the fuzzer writes stops and unwinds through the same path
// a user's interrupted statement takes.

/// One thread that requests an interrupt once the armed run passes its time limit.
enum Watchdog {
    static let limit: Int64 = 200_000_000  // nanoseconds
    /// When the running input must stop, in nanoseconds of the monotonic clock; 0 when none runs.
    static let deadline = Atomic<Int64>(0)

    static func start() {
        Thread.detachNewThread {
            while true {
                Thread.sleep(forTimeInterval: 0.005)
                let due = deadline.load(ordering: .relaxed)
                if due != 0, now() > due {
                    Interrupt.process.request()
                    deadline.store(0, ordering: .relaxed)
                }
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

/// Built once, not per input; libFuzzer calls the body from one thread.
enum Shared {
    nonisolated(unsafe) static let registry = Registry.standard()
    static let sandbox = Sandbox(workingDirectory: NSTemporaryDirectory(), allowsFiles: false)
}
Watchdog.start()

fuzz { bytes in
    guard bytes.count <= 4096 else { return }
    let session = Session(registry: Shared.registry, seed: 7, sandbox: Shared.sandbox)
    Watchdog.arm()
    session.run(String(decoding: bytes, as: UTF8.self), name: "<fuzz>", keepGoing: true)
    Watchdog.disarm()
}
