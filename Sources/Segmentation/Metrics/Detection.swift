/// How an image is called positive (it shows a pneumothorax) from its prediction.
public enum DetectionRule: Sendable, Equatable {
    /// Positive when the highest pixel probability is above `threshold`; ranked by that maximum.
    case maxProbability(threshold: Float)
    /// Positive when at least `minimum` pixels are predicted positive; ranked by that count.
    case pixelCount(minimum: Int)
}

/// Image-level classification scores: the confusion counts at the rule's decision, and the
/// ROC AUC of the rule's ranking score.
public struct DetectionScores: Sendable, Equatable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0
    public var trueNegatives = 0
    /// The area under the ROC curve; nil unless both classes are present.
    public var rocAUC: Double?

    /// Calls image i positive when `isPositive(scores[i])`; `labels[i]` is the truth.
    public init(scores: [Double], labels: [Bool], isPositive: (Double) -> Bool) {
        for (score, label) in zip(scores, labels) {
            switch (isPositive(score), label) {
            case (true, true): truePositives += 1
            case (true, false): falsePositives += 1
            case (false, true): falseNegatives += 1
            case (false, false): trueNegatives += 1
            }
        }
        rocAUC = DetectionScores.rocAUC(scores: scores, labels: labels)
    }

    public var count: Int { truePositives + falsePositives + falseNegatives + trueNegatives }

    /// The fraction of images called correctly.
    public var accuracy: Double { Double(truePositives + trueNegatives) / Double(Swift.max(count, 1)) }

    /// TP / (TP + FP); nil when no image is called positive.
    public var precision: Double? {
        truePositives + falsePositives == 0 ? nil : Double(truePositives) / Double(truePositives + falsePositives)
    }

    /// TP / (TP + FN); nil when no image is positive.
    public var recall: Double? {
        truePositives + falseNegatives == 0 ? nil : Double(truePositives) / Double(truePositives + falseNegatives)
    }

    /// ROC AUC as the Mann–Whitney statistic: the probability that a random positive scores
    /// above a random negative, ties counting one half (average ranks). Nil unless both
    /// classes are present.
    public static func rocAUC(scores: [Double], labels: [Bool]) -> Double? {
        let positives = labels.filter { $0 }.count, negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var positiveRankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, scores[order[end]] == scores[order[start]] { end += 1 }
            // Ranks start..<end (1-based start+1 ... end) share their average.
            let averageRank = Double(start + 1 + end) / 2
            for k in start..<end where labels[order[k]] { positiveRankSum += averageRank }
            start = end
        }
        let p = Double(positives), n = Double(negatives)
        return (positiveRankSum - p * (p + 1) / 2) / (p * n)
    }
}
