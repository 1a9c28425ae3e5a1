import Core
import Tensor

/// Which samples an epoch visits, in which order.
///
/// With a positive fraction f, an epoch takes every positive and a fresh random share of
/// the negatives, so that positives make up about f of it (the winners' "sliding rate"
/// sampler against the 78% negative class). The order is shuffled from (seed, epoch), so
/// a resumed run replays the same epochs.
public struct EpochPlan: Sendable {
    public let positives: [Int]
    public let negatives: [Int]
    public let positiveFraction: Double?
    public let seed: UInt64

    public init(positive: [Bool], positiveFraction: Double?, seed: UInt64) {
        positives = positive.indices.filter { positive[$0] }
        negatives = positive.indices.filter { !positive[$0] }
        self.positiveFraction = positiveFraction
        self.seed = seed
    }

    /// The sample indices of `epoch`, shuffled.
    public func order(epoch: Int) -> [Int] {
        var rng = SeededGenerator(seed: seed &+ 0x9E37_79B9 &* UInt64(epoch + 1))
        var chosen: [Int]
        if let f = positiveFraction, f > 0, f < 1, !positives.isEmpty {
            let wanted = min(negatives.count, Int((Double(positives.count) * (1 - f) / f).rounded()))
            var pool = negatives
            shuffle(&pool, &rng)
            chosen = positives + pool.prefix(wanted)
        } else {
            chosen = positives + negatives
            chosen.sort()
        }
        shuffle(&chosen, &rng)
        return chosen
    }

    /// Fisher-Yates with the engine's generator (Swift's `shuffle` may change between releases).
    private func shuffle(_ a: inout [Int], _ rng: inout SeededGenerator) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            a.swapAt(i, rng.int(below: i + 1))
        }
    }
}
