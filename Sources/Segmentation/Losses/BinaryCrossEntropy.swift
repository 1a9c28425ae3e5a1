import Foundation
import Tensor

/// Binary cross-entropy on logits, averaged over every pixel of the batch (PyTorch's
/// `BCEWithLogitsLoss`, smp's `SoftBCEWithLogitsLoss`).
///
/// Per pixel, with t the (smoothed) target and w the positive weight:
/// ℓ = (1 − t)·x + (1 + (w − 1)·t)·softplus(−x), which for w = 1 is the stable
/// max(x, 0) − x·t + log1p(e^−|x|). Everything comes from e^−|x|, so confident logits
/// neither overflow nor lose their gradient. An empty mask is not special: every pixel is a
/// negative and the loss pulls all logits down.
public struct BinaryCrossEntropy: Loss, Sendable {
    /// Weight of the positive term (PyTorch's `pos_weight`); above 1 favours recall.
    public var positiveWeight: Float
    /// Label smoothing s (smp's `smooth_factor`): targets become t(1 − s) + (1 − t)s.
    public var smoothing: Float

    public init(positiveWeight: Float = 1, smoothing: Float = 0) {
        self.positiveWeight = positiveWeight
        self.smoothing = smoothing
    }

    public func evaluate(_ batch: LossBatch) throws -> Tensor {
        let s = smoothing, w = positiveWeight
        return try meanPixelLoss(batch) { x, t in
            let t = t * (1 - s) + (1 - t) * s
            let positive = 1 + (w - 1) * t
            let logistic = Logistic(x)
            return ((1 - t) * x + positive * logistic.softplusOfNegated, (1 - t) - positive * logistic.sigmoidOfNegated)
        }
    }

    public var description: String {
        var syntax = LossSyntax("bce")
        syntax.add("pos_weight", positiveWeight, standard: 1)
        syntax.add("smoothing", smoothing, standard: 0)
        return syntax.text
    }
}
