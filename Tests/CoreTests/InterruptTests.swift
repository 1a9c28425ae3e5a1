import Core
import Dispatch
import Testing

struct InterruptTests {
    /// A bound source takes the requests made under it, and the process's flag (what Ctrl-C
    /// sets) is untouched: a test stopping its own work stops nobody else's.
    @Test func aBoundSourceTakesTheRequestsMadeUnderIt() throws {
        let own = InterruptSource()
        let processRequests = Interrupt.process.requestCount
        Interrupt.$current.withValue(own) {
            Interrupt.request()
            #expect(Interrupt.isRequested && own.isRequested && own.requestCount == 1)
            #expect(throws: Interrupted.self) { try Interrupt.check() }
            // `check` consumed the request; the count remembers it.
            #expect(!own.isRequested && own.requestCount == 1)
            #expect(throws: Never.self) { try Interrupt.check() }
        }
        #expect(Interrupt.current === Interrupt.process)
        #expect(Interrupt.process.requestCount == processRequests)
    }

    /// A request on another thread reaches a loop that read the source before it started,
    /// which is how the parallel loops poll it on their workers.
    @Test func aRequestFromAnotherThreadReachesTheLoopPollingTheSource() {
        let own = InterruptSource()
        let stopped = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            while !own.isRequested {}
            stopped.signal()
        }
        DispatchQueue.global().async { own.request() }
        #expect(stopped.wait(timeout: .now() + 10) == .success)
    }
}
