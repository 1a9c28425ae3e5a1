import Augment
import Data
import Dispatch
import Tensor

/// One batch of a training run: which samples, and the seed of their augmentation.
struct BatchJob: Equatable, Sendable {
    let indices: [Int]
    let seed: UInt64
}

/// Makes a run's batches one ahead (see `Prefetcher`).
typealias BatchPrefetcher = Prefetcher<BatchJob, Batch>

/// Makes inputs one ahead: while the trainer (or an evaluation) works on job k, job k+1 is
/// read from the dataset's store, converted and, for training, augmented on a thread of
/// its own.
///
/// An output depends only on its job (a batch on its indices and its seed, which the
/// trainer derives from the run's seed, the epoch and the batch index), never on when or on
/// which thread it is made, so a run with prefetching gives the same weights as one without.
///
/// The producing thread runs its loops on one thread (`Parallel.withThreadLimit(1)`): the
/// trainer's kernels keep every thread of `threads N`, and the producer adds one thread
/// for the short time a job takes (the `dataSeconds` share of the run).
///
/// It counts the seconds the consumer waited (`waitSeconds`: all of a job's making when it
/// was not ready, nothing when it was) and the seconds spent making outputs on either
/// thread (`dataSeconds`).
final class Prefetcher<Job: Equatable & Sendable, Output> {
    private let make: @Sendable (Job) throws -> Output
    private let queue = DispatchQueue(label: "pleura.batch-prefetch")
    private var pending: (job: Job, slot: Slot)?
    private(set) var waitSeconds = 0.0
    private(set) var dataSeconds = 0.0

    /// What the producing thread hands over: the batch (or its error) and how long it took.
    private final class Slot: @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        var result: Result<Output, any Error> = .failure(FitError("the input was not made"))
        var seconds = 0.0
    }

    init(make: @escaping @Sendable (Job) throws -> Output) {
        self.make = make
    }

    deinit { drain() }

    /// The output for `job`, then starts making `next` in the background, if given.
    func take(_ job: Job, prefetching next: Job?) throws -> Output {
        let start = DispatchTime.now().uptimeNanoseconds
        let result: Result<Output, any Error>
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

    /// Waits for an output still being made and drops it.
    func drain() {
        guard let pending else { return }
        pending.slot.done.wait()
        dataSeconds += pending.slot.seconds
        self.pending = nil
    }

    private static func produce(_ job: Job, with make: @Sendable (Job) throws -> Output, into slot: Slot) {
        let start = DispatchTime.now().uptimeNanoseconds
        slot.result = Result { try make(job) }
        slot.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
