import Tensor

/// How one image's prediction compares with its truth: the pixel counts at the threshold
/// and the highest predicted probability (what image-level detection ranks by).
public struct ImageScore: Sendable, Equatable {
    public var counts: PixelCounts
    /// The largest probability in the image; 1 or 0 for a hard mask.
    public var maxProbability: Float

    public init(counts: PixelCounts, maxProbability: Float) {
        self.counts = counts
        self.maxProbability = maxProbability
    }

    /// Scores probabilities against a 0/1 truth mask. A pixel is predicted positive when its
    /// probability is strictly above `threshold` (the SIIM solutions', Keras' and OpenCV's `>`).
    public init(probabilities: [Float], truth: [UInt8], threshold: Float) throws {
        guard probabilities.count == truth.count else {
            throw ShapeError("score", "\(probabilities.count) probabilities for a mask of \(truth.count) pixels")
        }
        self = probabilities.withUnsafeBufferPointer { p in
            truth.withUnsafeBufferPointer { t in
                ImageScore(p.count, threshold: threshold, probability: { p[$0] }, isTrue: { t[$0] != 0 })
            }
        }
    }

    /// Scores a hard predicted mask (nonzero = positive) against a truth mask.
    public init(prediction: [UInt8], truth: [UInt8]) throws {
        guard prediction.count == truth.count else {
            throw ShapeError("score", "a prediction of \(prediction.count) pixels for a mask of \(truth.count)")
        }
        self = prediction.withUnsafeBufferPointer { p in
            truth.withUnsafeBufferPointer { t in
                ImageScore(p.count, threshold: 0, probability: { p[$0] != 0 ? 1 : 0 }, isTrue: { t[$0] != 0 })
            }
        }
    }

    /// One pass over `n` pixels: the counts at `threshold` and the maximum probability.
    @inline(__always)
    init(_ n: Int, threshold: Float, probability: (Int) -> Float, isTrue: (Int) -> Bool) {
        var highest: Float = 0
        counts = PixelCounts(n, isPredicted: { i in
            let p = probability(i)
            highest = Swift.max(highest, p)
            return p > threshold
        }, isTrue: isTrue)
        maxProbability = highest
    }

    /// The competition's per-image Dice (1 when both masks are empty).
    public var dice: Double { counts.dice }
    /// Whether the true mask has any positive pixel.
    public var hasTruth: Bool { counts.truthArea > 0 }
}
