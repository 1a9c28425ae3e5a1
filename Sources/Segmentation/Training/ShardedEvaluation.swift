import Core
import Data
import Tensor

extension RankShare {
    /// The images of `count` that a rank of `size` scores: contiguous blocks, the first
    /// `count % size` ranks one image longer, so the ranks' blocks in rank order are 0..<count.
    public static func block(of count: Int, rank: Int, size: Int) -> Range<Int> {
        let base = count / size, extra = count % size
        let start = rank * base + min(rank, extra)
        return start..<(start + base + (rank < extra ? 1 : 0))
    }
}

/// `evaluate` with the images shared among the ranks of a data-parallel run: each rank
/// predicts and scores its block, then every rank gathers all the per-image scores, masks
/// and class probabilities in image order, so the result is the one process's (the mean
/// loss up to the order of a Float64 sum, the class probabilities up to float rounding:
/// a rank's inference batches hold other images). Without `parallel`, or in a world of
/// one, it is plain `evaluate`.
public func evaluate(_ predictor: Predictor, on dataset: Dataset, postProcessing: PostProcessing,
                     loss: (any Loss)? = nil, across parallel: (any DataParallel)?) throws -> Evaluation {
    guard let parallel, parallel.size > 1 else {
        return try evaluate(predictor, on: dataset, postProcessing: postProcessing, loss: loss)
    }
    if let i = dataset.masks.firstIndex(where: { $0 == nil }) {
        throw InputError(dataset.origin, at: "sample \(i) (\(dataset.ids[i]))", "has no mask; evaluation needs labelled samples")
    }
    guard dataset.count > 0 else { throw ShapeError("score", "there are no images to score") }
    let block = RankShare.block(of: dataset.count, rank: parallel.rank, size: parallel.size)
    let part = block.isEmpty ? nil
        : try evaluate(predictor, on: dataset.subset(Array(block)), postProcessing: postProcessing, loss: loss)
    // Per image: the four pixel counts, the maximum probability's bits and the run count; then the runs.
    var scores: [Int] = [], runs: [Int] = []
    for (i, score) in (part?.scores.images ?? []).enumerated() {
        let c = score.counts
        scores += [c.truePositives, c.falsePositives, c.falseNegatives, c.trueNegatives,
                   Int(score.maxProbability.bitPattern), part!.maskRuns[i].count]
        for run in part!.maskRuns[i] { runs += [run.start, run.length] }
    }
    let allScores = try parallel.gather(scores).flatMap { $0 }, allRuns = try parallel.gather(runs).flatMap { $0 }
    let lossSum = try parallel.sum([(part?.loss ?? 0) * Double(block.count)])[0]
    // The class probabilities' bits, when the model has an image-level head (every rank's
    // model is the same, so either all blocks have them or none does).
    let presenceBits = try parallel.gather((part?.presence ?? []).map { Int($0.bitPattern) }).flatMap { $0 }
    let presence = presenceBits.count == dataset.count
        ? presenceBits.map { Float(bitPattern: UInt32(truncatingIfNeeded: $0)) } : nil
    var images: [ImageScore] = [], maskRuns: [[Run]] = []
    var next = 0
    for i in 0..<dataset.count {
        let s = allScores[(6 * i)..<(6 * i + 6)].map { $0 }
        images.append(ImageScore(counts: PixelCounts(truePositives: s[0], falsePositives: s[1], falseNegatives: s[2],
                                                     trueNegatives: s[3]),
                                 maxProbability: Float(bitPattern: UInt32(truncatingIfNeeded: s[4]))))
        maskRuns.append((0..<s[5]).map { k in Run(start: allRuns[next + 2 * k], length: allRuns[next + 2 * k + 1]) })
        next += 2 * s[5]
    }
    return Evaluation(scores: try SegmentationScores(images: images), loss: loss.map { _ in lossSum / Double(dataset.count) },
                      postProcessing: postProcessing, maskRuns: maskRuns, side: postProcessing.size ?? dataset.size,
                      presence: presence)
}
