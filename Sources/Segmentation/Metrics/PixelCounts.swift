/// The confusion counts of one predicted mask against its true mask, and the overlap scores
/// built from them, with the competition's convention for empty masks.
public struct PixelCounts: Sendable, Equatable {
    public var truePositives: Int
    public var falsePositives: Int
    public var falseNegatives: Int
    public var trueNegatives: Int

    public init(truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0, trueNegatives: Int = 0) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
        self.trueNegatives = trueNegatives
    }

    /// Pixels predicted positive, |X|.
    public var predictedArea: Int { truePositives + falsePositives }
    /// Pixels truly positive, |Y|.
    public var truthArea: Int { truePositives + falseNegatives }

    /// Dice 2|X∩Y| / (|X| + |Y|), defined as 1 when both masks are empty (the SIIM rule).
    public var dice: Double {
        let denominator = predictedArea + truthArea
        return denominator == 0 ? 1 : Double(2 * truePositives) / Double(denominator)
    }

    /// IoU |X∩Y| / |X∪Y|, defined as 1 when both masks are empty.
    public var iou: Double {
        let union = truePositives + falsePositives + falseNegatives
        return union == 0 ? 1 : Double(truePositives) / Double(union)
    }

    /// Counts over several images pooled together.
    public static func + (a: PixelCounts, b: PixelCounts) -> PixelCounts {
        PixelCounts(truePositives: a.truePositives + b.truePositives,
                    falsePositives: a.falsePositives + b.falsePositives,
                    falseNegatives: a.falseNegatives + b.falseNegatives,
                    trueNegatives: a.trueNegatives + b.trueNegatives)
    }

    /// Counts `n` pixels, where `isPredicted(i)` and `isTrue(i)` say whether pixel i is
    /// predicted positive and truly positive.
    @inline(__always)
    init(_ n: Int, isPredicted: (Int) -> Bool, isTrue: (Int) -> Bool) {
        var both = 0, predicted = 0, actual = 0
        for i in 0..<n {
            let p = isPredicted(i) ? 1 : 0, t = isTrue(i) ? 1 : 0
            both &+= p & t
            predicted &+= p
            actual &+= t
        }
        self.init(truePositives: both, falsePositives: predicted - both,
                  falseNegatives: actual - both, trueNegatives: n - predicted - actual + both)
    }
}
