import Foundation
import Core
import Data
import Imaging
import Tensor

/// A model's scores on a labelled dataset.
public struct Evaluation: Sendable {
    public var scores: SegmentationScores
    /// The mean loss over images, when a loss was given.
    public var loss: Double?
    public var postProcessing: PostProcessing
    /// The post-processed predicted masks as column-major runs, one per image in input order
    /// (for per-image error analysis: areas, components, overlays). Runs keep 12,047 masks at
    /// 1024² in a few megabytes, where the masks themselves would take 12.6 GB.
    public var maskRuns: [[Run]]
    /// The side of the scored masks: the post-processing size, or the dataset's.
    public var side: Int
    /// Each image's class probability from the model's image-level head, in input order (the
    /// mean over the ensemble's members that have one); nil when no member has the head.
    public var presence: [Float]?

    /// The post-processed mask of image `i`.
    public func mask(_ i: Int) -> Mask { RLE.mask(maskRuns[i], width: side, height: side) }
}

/// How many images `evaluate`, `submit` and `search_thresholds` predict and post-process at
/// once. Memory stays bounded by one chunk (32 probability maps at the dataset's size plus
/// 32 masks at the scored size: 40 MB at 512 → 1024) whatever the dataset's size.
public let inferenceChunk = 32

/// Predicts every sample of `dataset` (optionally with flip TTA), post-processes the
/// probabilities and scores them with the competition metric, `chunk` images at a time.
///
/// The scored resolution is `postProcessing.size` when set (1024 for SIIM), else the
/// dataset's. Probabilities are predicted at the dataset's size, resized (bilinear) to the
/// scored size, binarized and cleaned there (`minArea` counts pixels at that size), and
/// scored against each image's original mask (`Dataset.truth(of:side:)`): the label file's
/// RLE, or the PNG under `masks/`.
public func evaluate(_ predictor: Predictor, on dataset: Dataset,
                     postProcessing: PostProcessing = PostProcessing(.threshold(0.5)),
                     loss: (any Loss)? = nil, chunk: Int = inferenceChunk) throws -> Evaluation {
    if let i = dataset.masks.firstIndex(where: { $0 == nil }) {
        throw InputError(dataset.origin, at: "sample \(i) (\(dataset.ids[i]))", "has no mask; evaluation needs labelled samples")
    }
    guard dataset.count > 0 else { throw ShapeError("score", "there are no images to score") }
    let side = postProcessing.size ?? dataset.size
    var scores: [ImageScore] = [], runs: [[Run]] = [], presence: [Float] = [], lossTotal = 0.0
    scores.reserveCapacity(dataset.count)
    runs.reserveCapacity(dataset.count)
    try forEachChunk(count: dataset.count, chunk: chunk, read: { range in
        (try range.map { try dataset[$0] }, try inParallel(range.count) { try dataset.truth(of: range.lowerBound + $0, side: side) })
    }) { range, input in
        let (samples, truths) = input
        let prediction = try predictor.predict(samples.map(\.image))
        let probabilities = prediction.maps
        let masks = try postProcessing.apply(to: probabilities, presence: prediction.presence)
        presence += prediction.presence ?? []
        do {
            scores += try SegmentationScores(predictions: masks, truths: truths).images
        } catch let error as ShapeError {
            throw ShapeError("score", "images \(range.lowerBound)..<\(range.upperBound): \(error.message)")
        }
        runs += try inParallel(masks.count) { RLE.runs(of: masks[$0]) }
        if let loss {
            for (p, sample) in zip(probabilities, samples) {
                // The sample's mask is at the dataset's size, as the probabilities are.
                lossTotal += try lossOfProbabilities(p, sample.mask ?? Mask(width: p.width, height: p.height), loss)
            }
        }
    }
    return Evaluation(scores: try SegmentationScores(images: scores), loss: loss.map { _ in lossTotal / Double(dataset.count) },
                      postProcessing: postProcessing, maskRuns: runs, side: side,
                      presence: presence.count == dataset.count ? presence : nil)
}

/// The loss on the logits of the probabilities (clamped away from 0 and 1).
private func lossOfProbabilities(_ p: Image, _ truth: Mask, _ loss: any Loss) throws -> Double {
    let logits = Tensor(shape: [1, 1, p.height, p.width], data: p.pixels.map { q in
        let c = min(max(q, 1e-6), 1 - 1e-6)
        return Foundation.log(c / (1 - c))
    })
    let target = Tensor(shape: [1, 1, truth.height, truth.width], data: truth.pixels.map { Float($0) })
    return Double(try Autograd.withoutGradients { try loss(logits, target) }.item)
}

/// `make(i)` for `0..<count` on every core, in order; the first failure is thrown.
func inParallel<T>(_ count: Int, _ make: (Int) throws -> T) throws -> [T] {
    var results = [Result<T, any Error>?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { out in
        Parallel.forEach(count) { i in out[i] = Result { try make(i) } }
    }
    return try results.map { result in
        guard let result else { throw ShapeError("evaluate", "an image was left unprocessed") }
        return try result.get()
    }
}
