import Augment
import Data
import Dispatch
import Tensor

/// Makes a run's batches one ahead: while the trainer works on batch k, batch k+1 is read
/// from the dataset's store, converted and augmented on a thread of its own.
///
/// A batch depends only on its indices and its seed (which the trainer derives from the
/// run's seed, the epoch and the batch index), never on when or on which thread it is
/// made, so a run with prefetching gives the same weights as one without.
///
/// The producing thread runs its loops on one thread (`Parallel.withThreadLimit(1)`): the
/// trainer's kernels keep every thread of `threads N`, and the producer adds one thread
/// for the short time a batch takes to make (the `dataSeconds` share of the run).
///
/// It counts the seconds the trainer waited for a batch (`waitSeconds`: all of a batch's
/// making when it was not ready, nothing when it was) and the seconds spent making batches
/// on either thread (`dataSeconds`).
final class BatchPrefetcher {
    /// One batch of a run: which samples, and the seed of their augmentation.
    struct Job: Equatable, Sendable {
        let indices: [Int]
        let seed: UInt64
    }

    private let make: @Sendable (Job) throws -> Batch
    private let queue = DispatchQueue(label: "pleura.batch-prefetch")
    private var pending: (job: Job, slot: Slot)?
    private(set) var waitSeconds = 0.0
    private(set) var dataSeconds = 0.0

    /// What the producing thread hands over: the batch (or its error) and how long it took.
    private final class Slot: @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        var result: Result<Batch, any Error> = .failure(FitError("the batch was not made"))
        var seconds = 0.0
    }

    init(make: @escaping @Sendable (Job) throws -> Batch) {
        self.make = make
    }

    deinit { drain() }

    /// The batch for `job`, then starts making `next` in the background, if given.
    func take(_ job: Job, prefetching next: Job?) throws -> Batch {
        let start = DispatchTime.now().uptimeNanoseconds
        let result: Result<Batch, any Error>
        if let pending, pending.job == job {
            pending.slot.done.wait()
            result = pending.slot.result
            dataSeconds += pending.slot.seconds
            self.pending = nil
        } else {
            // Not what was prefetched (a stop or a resume moved the run): make it here.
            drain()
            let slot = Slot()
            Self.produce(job, with: make, into: slot)
            result = slot.result
            dataSeconds += slot.seconds
        }
        waitSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if let next {
            let slot = Slot()
            pending = (next, slot)
            let make = make
            queue.async {
                Parallel.withThreadLimit(1) { Self.produce(next, with: make, into: slot) }
                slot.done.signal()
            }
        }
        return try result.get()
    }

    /// Waits for a batch still being made and drops it.
    func drain() {
        guard let pending else { return }
        pending.slot.done.wait()
        dataSeconds += pending.slot.seconds
        self.pending = nil
    }

    private static func produce(_ job: Job, with make: @Sendable (Job) throws -> Batch, into slot: Slot) {
        let start = DispatchTime.now().uptimeNanoseconds
        slot.result = Result { try make(job) }
        slot.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
