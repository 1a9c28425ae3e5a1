import Imaging
import Tensor

/// The scores of a set of predictions against their truths: the competition metric, hard
/// Dice and IoU, the per-image Dice distribution and image-level detection. Images are
/// scored in parallel, each in one pass over its pixels.
public struct SegmentationScores: Sendable, Equatable {
    /// One entry per image, in input order.
    public let images: [ImageScore]

    /// Scores per-image probabilities (row-major, any size per image) against 0/1 masks,
    /// with a pixel positive when its probability is above `threshold`.
    public init(probabilities: [[Float]], truths: [[UInt8]], threshold: Float = 0.5) throws {
        try self.init(count: probabilities.count, truthCount: truths.count) {
            try ImageScore(probabilities: probabilities[$0], truth: truths[$0], threshold: threshold)
        }
    }

    /// Scores per-image probabilities against truth masks.
    public init(probabilities: [[Float]], truths: [Mask], threshold: Float = 0.5) throws {
        try self.init(count: probabilities.count, truthCount: truths.count) {
            try ImageScore(probabilities: probabilities[$0], truth: truths[$0].pixels, threshold: threshold)
        }
    }

    /// Scores hard predicted masks against truth masks; sizes must match.
    public init(predictions: [Mask], truths: [Mask]) throws {
        try self.init(count: predictions.count, truthCount: truths.count) { i in
            let p = predictions[i], t = truths[i]
            guard p.width == t.width, p.height == t.height else {
                throw ShapeError("score", "prediction \(p.width)x\(p.height) against a mask of \(t.width)x\(t.height)")
            }
            return try ImageScore(prediction: p.pixels, truth: t.pixels)
        }
    }

    /// Scores already computed image by image (a chunked evaluation's), in input order.
    public init(images: [ImageScore]) throws {
        guard !images.isEmpty else { throw ShapeError("score", "there are no images to score") }
        self.images = images
    }

    /// Scores a batch of probabilities `[N, 1, H, W]` (any shape `[N, ...]`) against target
    /// masks of the same shape as a loss takes them, 0/1 floats (above ½ is positive).
    public init(probabilities: Tensor, targets: Tensor, threshold: Float = 0.5) throws {
        guard probabilities.shape == targets.shape, probabilities.rank >= 2 else {
            throw ShapeError("score", "probabilities \(probabilities.shape) and targets \(targets.shape) must have the same shape [N, ...]")
        }
        let images = probabilities.shape[0], size = probabilities.count / Swift.max(images, 1)
        self = try probabilities.data.withUnsafeBufferPointer { p in
            try targets.data.withUnsafeBufferPointer { t in
                try SegmentationScores(count: images, truthCount: images) { i in
                    let offset = i * size
                    return ImageScore(size, threshold: threshold, probability: { p[offset + $0] },
                                      isTrue: { t[offset + $0] > 0.5 })
                }
            }
        }
    }

    /// Runs `score(i)` for every image in parallel; the first error (naming its image) is thrown.
    private init(count: Int, truthCount: Int, _ score: (Int) throws -> ImageScore) throws {
        guard count == truthCount else {
            throw ShapeError("score", "\(count) predictions for \(truthCount) masks")
        }
        guard count > 0 else { throw ShapeError("score", "there are no images to score") }
        var scores = [ImageScore](repeating: ImageScore(counts: PixelCounts(), maxProbability: 0), count: count)
        var failures = [Error?](repeating: nil, count: count)
        scores.withUnsafeMutableBufferPointer { out in
            failures.withUnsafeMutableBufferPointer { failed in
                Parallel.forEach(count) { i in
                    do { out[i] = try score(i) } catch { failed[i] = error }
                }
            }
        }
        for (i, failure) in failures.enumerated() {
            if let failure {
                throw ShapeError("score", "image \(i): " + ((failure as? ShapeError)?.message ?? "\(failure)"))
            }
        }
        images = scores
    }

    /// The SIIM competition metric: the mean over images of Dice, with Dice = 1 when the
    /// prediction and the truth are both empty.
    public var meanDice: Double { images.reduce(0) { $0 + $1.dice } / Double(images.count) }

    /// The mean over images of IoU (1 when both are empty).
    public var meanIoU: Double { images.reduce(0) { $0 + $1.counts.iou } / Double(images.count) }

    /// The pixel counts of all images together.
    public var pooledCounts: PixelCounts { images.reduce(PixelCounts()) { $0 + $1.counts } }

    /// Dice over all pixels of all images together (smp's "micro" reduction).
    public var pooledDice: Double { pooledCounts.dice }

    /// IoU over all pixels of all images together.
    public var pooledIoU: Double { pooledCounts.iou }

    /// The per-image Dice values and their summaries.
    public var diceDistribution: DiceDistribution {
        DiceDistribution(values: images.map(\.dice), hasTruth: images.map(\.hasTruth))
    }

    /// Image-level detection (is there a pneumothorax?) under `rule`.
    public func detection(_ rule: DetectionRule) -> DetectionScores {
        let labels = images.map(\.hasTruth)
        switch rule {
        case .maxProbability(let threshold):
            return DetectionScores(scores: images.map { Double($0.maxProbability) }, labels: labels,
                                   isPositive: { $0 > Double(threshold) })
        case .pixelCount(let minimum):
            return DetectionScores(scores: images.map { Double($0.counts.predictedArea) }, labels: labels,
                                   isPositive: { $0 >= Double(minimum) })
        }
    }
}
