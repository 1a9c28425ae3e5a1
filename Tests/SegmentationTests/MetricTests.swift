import Core
import Imaging
import Segmentation
import Tensor
import Testing

/// Hard Dice and IoU, the competition metric, detection and the Dice distribution, on
/// examples worked out by hand.
@Suite struct MetricTests {
    /// Probabilities [0.9, 0.6, 0.5, 0.2] against [1, 0, 1, 0] at 0.5: predicted [1, 1, 0, 0]
    /// (0.5 itself is not above the threshold), so TP = FP = FN = TN = 1.
    @Test func pixelCountsAtAThreshold() throws {
        let score = try ImageScore(probabilities: [0.9, 0.6, 0.5, 0.2], truth: [1, 0, 1, 0], threshold: 0.5)
        #expect(score.counts == PixelCounts(truePositives: 1, falsePositives: 1, falseNegatives: 1, trueNegatives: 1))
        #expect(score.dice == 0.5)                    // 2·1 / (2 + 2)
        #expect(abs(score.counts.iou - 1.0 / 3) < 1e-12)
        #expect(score.maxProbability == 0.9)
        let lower = try ImageScore(probabilities: [0.9, 0.6, 0.5, 0.2], truth: [1, 0, 1, 0], threshold: 0.4)
        #expect(lower.counts.truePositives == 2 && lower.counts.falsePositives == 1)
    }

    /// Dice is 1 when both masks are empty and 0 when exactly one is.
    @Test func emptyMasks() throws {
        let bothEmpty = try ImageScore(prediction: [0, 0, 0], truth: [0, 0, 0])
        #expect(bothEmpty.dice == 1 && bothEmpty.counts.iou == 1 && !bothEmpty.hasTruth)
        #expect(try ImageScore(prediction: [0, 1, 0], truth: [0, 0, 0]).dice == 0)
        #expect(try ImageScore(prediction: [0, 0, 0], truth: [1, 0, 0]).dice == 0)
        #expect(throws: ShapeError.self) { try ImageScore(prediction: [0, 0], truth: [0, 0, 0]) }
    }

    /// Four images: a half overlap (Dice ½), empty/empty (1), a false alarm (0), a miss (0).
    /// The competition metric is their mean, 0.375; pooled Dice counts all pixels together.
    @Test func competitionMetric() throws {
        let probabilities: [[Float]] = [[0.9, 0.6, 0.5, 0.2], [0.1, 0.1, 0.1, 0.1], [0.1, 0.7, 0.1, 0.1], [0.3, 0.3, 0.3, 0.3]]
        let truths: [[UInt8]] = [[1, 0, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 1, 1, 0]]
        let scores = try SegmentationScores(probabilities: probabilities, truths: truths)
        #expect(scores.images.map(\.dice) == [0.5, 1, 0, 0])
        #expect(scores.meanDice == 0.375)
        #expect(abs(scores.meanIoU - (1.0 / 3 + 1) / 4) < 1e-12)
        // Pooled: TP 1, FP 2, FN 3 → Dice 2/(2 + 2 + 3) = 2/7, IoU 1/6.
        #expect(scores.pooledCounts == PixelCounts(truePositives: 1, falsePositives: 2, falseNegatives: 3, trueNegatives: 10))
        #expect(abs(scores.pooledDice - 2.0 / 7) < 1e-12)
        #expect(abs(scores.pooledIoU - 1.0 / 6) < 1e-12)

        // The same predictions as masks give the same scores.
        let masks = { (rows: [[UInt8]]) in rows.map { Mask(width: 2, height: 2, pixels: $0) } }
        let hard = probabilities.map { $0.map { UInt8($0 > 0.5 ? 1 : 0) } }
        let fromMasks = try SegmentationScores(predictions: masks(hard), truths: masks(truths))
        #expect(fromMasks.images.map(\.counts) == scores.images.map(\.counts))
        let fromProbabilityAndMask = try SegmentationScores(probabilities: probabilities, truths: masks(truths))
        #expect(fromProbabilityAndMask == scores)
        // And so does a batch of tensors, as the trainer holds them.
        let batch = Tensor(shape: [4, 1, 2, 2], data: probabilities.flatMap { $0 })
        let targets = Tensor(shape: [4, 1, 2, 2], data: truths.flatMap { $0.map(Float.init) })
        #expect(try SegmentationScores(probabilities: batch, targets: targets) == scores)
        #expect(throws: ShapeError.self) { try SegmentationScores(probabilities: batch, targets: Tensor(zeros: [4, 4])) }
    }

    @Test func scoringErrors() {
        #expect(throws: ShapeError.self) { try SegmentationScores(probabilities: [[0.1]], truths: [[0], [1]]) }
        #expect(throws: ShapeError.self) { try SegmentationScores(probabilities: [], truths: [[UInt8]]()) }
        #expect(throws: ShapeError.self) { try SegmentationScores(probabilities: [[0.1], [0.2, 0.3]], truths: [[0], [1]]) }
        #expect(throws: ShapeError.self) {
            try SegmentationScores(predictions: [Mask(width: 2, height: 1)], truths: [Mask(width: 1, height: 2)])
        }
    }

    /// The parallel scorer agrees with the definition computed plainly, on random images.
    @Test func agreesWithTheDefinitionOnRandomImages() throws {
        var rng = SeededGenerator(seed: 21)
        var probabilities: [[Float]] = [], truths: [[UInt8]] = []
        for i in 0..<40 {
            let positive = i % 3 == 0
            probabilities.append((0..<400).map { _ in Float(rng.uniform()) * (positive ? 1 : 0.6) })
            truths.append((0..<400).map { _ in positive && rng.chance(0.2) ? 1 : 0 })
        }
        var total = 0.0
        for (p, t) in zip(probabilities, truths) {
            let x = p.map { $0 > 0.55 }, y = t.map { $0 == 1 }
            let both = zip(x, y).filter { $0 && $1 }.count
            let sizes = x.filter { $0 }.count + y.filter { $0 }.count
            total += sizes == 0 ? 1 : 2 * Double(both) / Double(sizes)
        }
        let scores = try SegmentationScores(probabilities: probabilities, truths: truths, threshold: 0.55)
        #expect(abs(scores.meanDice - total / 40) < 1e-12)
    }

    /// ROC AUC: sklearn's documented example (scores 0.1, 0.4, 0.35, 0.8 for labels 0, 0, 1, 1)
    /// is 0.75; with a tie between a positive and a negative, the pair counts ½.
    @Test func rocAUC() {
        #expect(DetectionScores.rocAUC(scores: [0.1, 0.4, 0.35, 0.8], labels: [false, false, true, true]) == 0.75)
        // Pairs (positive, negative): (0.5, 0.5) ½, (0.5, 0.2) 1, (0.9, 0.5) 1, (0.9, 0.2) 1 → 3.5/4.
        #expect(DetectionScores.rocAUC(scores: [0.5, 0.5, 0.2, 0.9], labels: [true, false, false, true]) == 0.875)
        #expect(DetectionScores.rocAUC(scores: [0.1, 0.2], labels: [true, true]) == nil)
    }

    @Test func detection() throws {
        // Max probabilities 0.9, 0.1, 0.7, 0.3; truth positive for images 0 and 3.
        let probabilities: [[Float]] = [[0.9, 0.6, 0.5, 0.2], [0.1, 0.1, 0.1, 0.1], [0.1, 0.7, 0.1, 0.1], [0.3, 0.3, 0.3, 0.3]]
        let truths: [[UInt8]] = [[1, 0, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 1, 1, 0]]
        let scores = try SegmentationScores(probabilities: probabilities, truths: truths)
        let byMax = scores.detection(.maxProbability(threshold: 0.5))
        #expect([byMax.truePositives, byMax.falsePositives, byMax.falseNegatives, byMax.trueNegatives] == [1, 1, 1, 1])
        #expect(byMax.accuracy == 0.5 && byMax.precision == 0.5 && byMax.recall == 0.5)
        // Positives 0.9, 0.3 against negatives 0.1, 0.7: (0.9, 0.1) 1, (0.9, 0.7) 1, (0.3, 0.1) 1, (0.3, 0.7) 0.
        #expect(byMax.rocAUC == 0.75)
        // Predicted areas at 0.5 are 2, 0, 1, 0: at least 2 pixels calls only image 0 positive.
        let byCount = scores.detection(.pixelCount(minimum: 2))
        #expect([byCount.truePositives, byCount.falsePositives, byCount.falseNegatives, byCount.trueNegatives] == [1, 0, 1, 2])
        #expect(byCount.precision == 1 && byCount.recall == 0.5 && byCount.accuracy == 0.75)
        // Areas 2, 0, 1, 0 for labels 1, 0, 0, 1: pairs (2,0) 1, (2,1) 1, (0,0) ½, (0,1) 0 → 2.5/4.
        #expect(byCount.rocAUC == 0.625)
        let none = scores.detection(.maxProbability(threshold: 0.95))
        #expect(none.precision == nil && none.recall == 0)
    }

    @Test func diceDistribution() {
        let distribution = DiceDistribution(values: [0, 1, 0.5, 0.25, 1], hasTruth: [true, false, true, true, false])
        #expect(distribution.mean == 0.55)
        #expect(distribution.meanOnPositive == 0.25)
        #expect(distribution.meanOnNegative == 1)
        // NumPy: np.quantile([0, 1, 0.5, 0.25, 1], [0.25, 0.5, 0.9, 0.1]) = [0.25, 0.5, 1.0, 0.1].
        #expect(distribution.quantile(0.25) == 0.25)
        #expect(distribution.quantile(0.5) == 0.5)
        #expect(distribution.quantile(0.9) == 1)
        #expect(abs((distribution.quantile(0.1) ?? 0) - 0.1) < 1e-12)
        #expect(distribution.histogram(bins: 4) == [1, 1, 1, 2])
        #expect(distribution.histogram(bins: 1) == [5])
        let empty = DiceDistribution(values: [], hasTruth: [])
        #expect(empty.mean == nil && empty.quantile(0.5) == nil && empty.histogram(bins: 3) == [0, 0, 0])
    }
}
