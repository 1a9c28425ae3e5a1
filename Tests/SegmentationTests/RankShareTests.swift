import Segmentation
import Testing

/// How the ranks of a data-parallel run share an epoch's batches, worked by hand.
@Suite struct RankShareTests {
    /// 8 samples in batches of 2 on 2 ranks: 4 batches, 2 rounds; rank 0 takes batches 0
    /// and 2, rank 1 batches 1 and 3, so together they take every batch once, and each
    /// loss keeps its weight (2·2/4 = 1).
    @Test func fullRoundsGiveEachRankEveryOtherBatch() {
        let all = [[0, 1], [2, 3], [4, 5], [6, 7]]
        let zero = RankShare(rank: 0, size: 2, samples: 8, batchSize: 2)
        let one = RankShare(rank: 1, size: 2, samples: 8, batchSize: 2)
        #expect(zero.rounds == 2)
        #expect(zero.batches(of: all) == [[0, 1], [4, 5]])
        #expect(one.batches(of: all) == [[2, 3], [6, 7]])
        #expect([0, 1].map(zero.lossScale) == [1, 1])
        #expect([0, 1].map(one.isFiller) == [false, false])
    }

    /// 7 samples in batches of 2 on 2 ranks: batches of 2, 2, 2 and 1. In round 1 rank 0
    /// has 2 samples and rank 1 has 1: scales 2·2/3 and 2·1/3, so the mean of the ranks'
    /// gradients weighs each of the 3 samples 1/3, as one process's mean loss does.
    @Test func aShortLastBatchIsWeighedBySamples() {
        let zero = RankShare(rank: 0, size: 2, samples: 7, batchSize: 2)
        let one = RankShare(rank: 1, size: 2, samples: 7, batchSize: 2)
        #expect(zero.lossScale(1) == Float(4) / 3)
        #expect(one.lossScale(1) == Float(2) / 3)
    }

    /// 10 samples in batches of 2 on 3 ranks: 5 batches, 2 rounds. In round 1 rank 2 has no
    /// batch of its own: it repeats batch 0 (5 mod 5) with its loss scaled to 0, while ranks
    /// 0 and 1 carry the round's 4 samples at 3·2/4 each.
    @Test func aRankWithoutABatchRepeatsOneWithWeightZero() {
        let all = (0..<5).map { [2 * $0, 2 * $0 + 1] }
        let two = RankShare(rank: 2, size: 3, samples: 10, batchSize: 2)
        #expect(two.rounds == 2)
        #expect(two.batches(of: all) == [[4, 5], [0, 1]])
        #expect(two.isFiller(1) && !two.isFiller(0))
        #expect(two.lossScale(1) == 0)
        #expect(RankShare(rank: 0, size: 3, samples: 10, batchSize: 2).lossScale(1) == 1.5)
        #expect(two.globalIndex(0) == 2)
    }

    /// One rank is the plain trainer: every batch in order, weight 1.
    @Test func oneRankTakesEveryBatch() {
        let share = RankShare(rank: 0, size: 1, samples: 5, batchSize: 2)
        #expect(share.rounds == 3)
        #expect((0..<3).map(share.globalIndex) == [0, 1, 2])
        #expect((0..<3).map(share.lossScale) == [1, 1, 1])
    }

    /// Evaluation blocks: 10 images over 3 ranks are 0..<4, 4..<7, 7..<10; 2 images over 3
    /// ranks leave the last one empty.
    @Test func evaluationBlocksCoverTheImagesInOrder() {
        #expect((0..<3).map { RankShare.block(of: 10, rank: $0, size: 3) } == [0..<4, 4..<7, 7..<10])
        #expect((0..<3).map { RankShare.block(of: 2, rank: $0, size: 3) } == [0..<1, 1..<2, 2..<2])
    }
}
