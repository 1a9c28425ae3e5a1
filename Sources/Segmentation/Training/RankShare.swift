/// How the ranks of a data-parallel run share an epoch's batches. Every rank computes the
/// same epoch plan and cuts it into the same batches of `batchSize`; round j of the epoch
/// is the batches j·N ..< (j+1)·N, and rank r trains on batch j·N + r. So N ranks at batch
/// b see exactly the samples that one process sees at batch N·b.
///
/// When the batches do not fill the last round, a rank without one takes a batch of the
/// epoch again (wrapping around) so that every rank runs the same passes, but its loss is
/// scaled to zero: it adds nothing to the gradient. Each rank's loss is scaled by
/// N·nᵣ/Σn, so that the mean of the ranks' gradients is the gradient of the mean loss
/// over all Σn samples of the round, as for one process, also when the last batch is short.
public struct RankShare: Sendable, Equatable {
    public let rank: Int
    public let size: Int
    /// Samples in an epoch, and the batch size of each rank.
    public let samples: Int
    public let batchSize: Int

    public init(rank: Int, size: Int, samples: Int, batchSize: Int) {
        self.rank = rank
        self.size = size
        self.samples = samples
        self.batchSize = batchSize
    }

    /// Batches of the whole epoch (all ranks together).
    public var globalBatches: Int { (samples + batchSize - 1) / batchSize }
    /// Rounds (steps of all ranks together) in an epoch.
    public var rounds: Int { (globalBatches + size - 1) / size }

    /// The epoch's batch that this rank trains on in `round`.
    public func globalIndex(_ round: Int) -> Int {
        let k = round * size + rank
        return k < globalBatches ? k : k % max(globalBatches, 1)
    }

    /// Whether this rank's batch in `round` is a repeat that only keeps the ranks in step.
    public func isFiller(_ round: Int) -> Bool { round * size + rank >= globalBatches }

    /// This rank's batches of an epoch, one per round, from the epoch's `batches`.
    public func batches(of all: [[Int]]) -> [[Int]] {
        (0..<rounds).map { all[globalIndex($0)] }
    }

    /// The factor on this rank's loss in `round`: N·nᵣ/Σn (zero for a filler).
    public func lossScale(_ round: Int) -> Float {
        func count(_ k: Int) -> Int { k < globalBatches ? min(batchSize, samples - k * batchSize) : 0 }
        let total = (0..<size).reduce(0) { $0 + count(round * size + $1) }
        return Float(size * count(round * size + rank)) / Float(max(total, 1))
    }
}
