import Core
import Tensor

/// A division of a dataset's items (by index) into a training and a validation part.
/// No item is in both, and every item is in one.
public struct Split: Sendable, Equatable {
    /// Indices of the training items, ascending.
    public let train: [Int]
    /// Indices of the validation items, ascending.
    public let validation: [Int]

    public init(train: [Int], validation: [Int]) {
        self.train = train
        self.validation = validation
    }

    /// A seeded hold-out split of items with the given mask `areas` (0 = negative), with
    /// `fraction` of the items in validation. Stratified by positive/negative and, with
    /// `coverageBins` > 1, by equal-count bins of area among the positives, so each part
    /// keeps the class balance and the spread of lesion sizes.
    public static func stratified(areas: [Int], validation fraction: Double, coverageBins: Int = 1,
                                  seed: UInt64) throws -> Split {
        guard fraction > 0, fraction < 1 else {
            throw InputError("split", "the validation fraction must lie strictly between 0 and 1, not \(fraction)")
        }
        let strata = shuffledStrata(areas: areas, coverageBins: coverageBins, seed: seed)
        // Cumulative rounding: each stratum gets its share, and the total is round(fraction * n).
        var seen = 0, taken = 0
        var train: [Int] = [], validation: [Int] = []
        for stratum in strata {
            seen += stratum.count
            let target = Int((fraction * Double(seen)).rounded())
            let count = min(stratum.count, target - taken)
            taken += count
            validation += stratum.prefix(count)
            train += stratum.dropFirst(count)
        }
        return Split(train: train.sorted(), validation: validation.sorted())
    }

    /// `k` seeded, stratified folds: split `i` validates on fold `i` and trains on the rest.
    /// Fold sizes differ by at most one, and so do their counts within each stratum.
    public static func folds(areas: [Int], k: Int, coverageBins: Int = 1, seed: UInt64) throws -> [Split] {
        guard k >= 2, k <= areas.count else {
            throw InputError("split", "k-fold needs 2 <= k <= \(areas.count) items, not k = \(k)")
        }
        var fold = [Int](repeating: 0, count: areas.count)
        var position = 0
        for stratum in shuffledStrata(areas: areas, coverageBins: coverageBins, seed: seed) {
            for item in stratum {
                fold[item] = position % k
                position += 1
            }
        }
        return (0..<k).map { f in
            Split(train: areas.indices.filter { fold[$0] != f }, validation: areas.indices.filter { fold[$0] == f })
        }
    }

    /// Item indices grouped into strata (negatives, then positives by area bin), each
    /// shuffled by its own generator forked from `seed`.
    private static func shuffledStrata(areas: [Int], coverageBins: Int, seed: UInt64) -> [[Int]] {
        let bins = max(1, coverageBins)
        let positives = areas.indices.filter { areas[$0] > 0 }.sorted { (areas[$0], $0) < (areas[$1], $1) }
        var strata = [[Int]](repeating: [], count: 1 + bins)
        strata[0] = areas.indices.filter { areas[$0] <= 0 }
        for (rank, item) in positives.enumerated() {
            strata[1 + rank * bins / positives.count].append(item)
        }
        var root = SeededGenerator(seed: seed)
        return strata.enumerated().map { s, stratum in
            var rng = root.fork(UInt64(s))
            var items = stratum.sorted()
            for i in stride(from: items.count - 1, to: 0, by: -1) {
                items.swapAt(i, rng.int(below: i + 1))
            }
            return items
        }
    }
}
