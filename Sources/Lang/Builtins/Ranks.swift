import Distributed
import Segmentation
import Tensor

extension Registry {
    /// Joins `trainer` to the other ranks of an `mpirun` job (nothing in a world of one).
    static func joinRanks(_ trainer: Trainer) -> GradientAverager? {
        guard Communicator.world.size > 1 else { return nil }
        let ranks = GradientAverager(Communicator.world)
        trainer.parallel = ranks
        return ranks
    }

    /// The ranks of this `mpirun` job, for sharded evaluation; nil in a world of one.
    static let worldRanks: GradientAverager? = Communicator.world.size > 1 ? GradientAverager(Communicator.world) : nil

    /// The images of `count` this rank scores (all of them in a world of one).
    static func rankBlock(of count: Int) -> Range<Int> {
        RankShare.block(of: count, rank: Communicator.world.rank, size: Communicator.world.size)
    }

    /// Element-wise sums over the ranks (the values themselves in a world of one).
    static func sumOverRanks(_ values: [Double]) throws -> [Double] { try Communicator.world.sum(values) }

    /// `path` on rank 0, nil on the other ranks: what only rank 0 writes.
    static func onRankZero(_ path: String?) -> String? { Communicator.world.rank == 0 ? path : nil }

    /// Runs `body` with batch norms synchronised over `ranks` when `syncBatchNorm` is on.
    static func withRanks<T>(_ ranks: GradientAverager?, syncBatchNorm: Bool, _ body: () throws -> T) throws -> T {
        guard let ranks, syncBatchNorm else { return try body() }
        return try SyncBatchNorm.$replicas.withValue(ranks) { try body() }
    }
}
