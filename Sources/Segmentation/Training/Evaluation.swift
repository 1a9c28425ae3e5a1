import Core
import Data
import Imaging
import Tensor

/// A model's scores on a labelled dataset.
public struct Evaluation: Sendable {
    public var scores: SegmentationScores
    /// The mean loss over batches, when a loss was given.
    public var loss: Double?
    public var postProcessing: PostProcessing
    /// The post-processed predicted masks, one per image in input order (for per-image
    /// error analysis: areas, components, overlays).
    public var masks: [Mask]
}

/// Predicts every sample of `dataset` (optionally with flip TTA), post-processes the
/// probabilities and scores them with the competition metric.
public func evaluate(_ predictor: Predictor, on dataset: Dataset,
                     postProcessing: PostProcessing = PostProcessing(.threshold(0.5)),
                     loss: (any Loss)? = nil) throws -> Evaluation {
    let images = try (0..<dataset.count).map { try dataset[$0].image }
    let truths = try (0..<dataset.count).map { i -> Mask in
        guard let m = dataset.mask(i) else {
            throw InputError(dataset.origin, at: "sample \(i) (\(dataset.ids[i]))", "has no mask; evaluation needs labelled samples")
        }
        return m
    }
    let probabilities = try predictor.probabilities(images)
    let masks = try postProcessing.apply(to: probabilities)
    var lossValue: Double?
    if let loss {
        // The loss on the logits of the probabilities (clamped away from 0 and 1).
        var total = 0.0
        for (p, t) in zip(probabilities, truths) {
            let logits = Tensor(shape: [1, 1, p.height, p.width], data: p.pixels.map { q in
                let c = min(max(q, 1e-6), 1 - 1e-6)
                return Foundation.log(c / (1 - c))
            })
            let target = Tensor(shape: [1, 1, t.height, t.width], data: t.pixels.map { Float($0) })
            total += Double(try Autograd.withoutGradients { try loss(logits, target) }.item)
        }
        lossValue = total / Double(max(1, truths.count))
    }
    return Evaluation(scores: try SegmentationScores(predictions: masks, truths: truths), loss: lossValue,
                      postProcessing: postProcessing, masks: masks)
}

import Foundation
