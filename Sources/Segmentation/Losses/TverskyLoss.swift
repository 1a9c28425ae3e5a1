import Foundation
import Tensor

/// Tversky loss on σ(logits), and focal Tversky when `gamma` ≠ 1; smp's `TverskyLoss`:
///
/// T = (TP + smooth) / max(TP + α·FP + β·FN + smooth, eps) with TP = Σpt, FP = Σp(1 − t),
/// FN = Σ(1 − p)t; loss = (mean over groups of 1 − T)^γ.
///
/// α weighs false positives and β false negatives; α = β = 1 is Jaccard, and α = β = ½ is
/// Dice with `smooth` doubled. As with Dice, groups without a positive pixel contribute 0.
public struct TverskyLoss: Loss, Sendable {
    public var alpha: Float
    public var beta: Float
    /// The focal exponent, applied after the mean over groups (smp's `aggregate_loss`).
    public var gamma: Float
    public var options: OverlapOptions

    public init(alpha: Float = 0.5, beta: Float = 0.5, gamma: Float = 1,
                _ options: OverlapOptions = OverlapOptions()) {
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.options = options
    }

    public func evaluate(_ batch: LossBatch) throws -> Tensor {
        let s = try SoftOverlap(batch, perImage: options.perImage)
        let falsePositives = try s.predicted - s.intersection
        let falseNegatives = try s.truth - s.intersection
        let denominator = try s.intersection + alpha * falsePositives + beta * falseNegatives + options.smooth
        let scores = try (s.intersection + options.smooth) / denominator.clamp(min: options.eps)
        let loss = try s.loss(scores: scores, options)
        guard gamma != 1 else { return loss }
        // (·)^γ with the derivative taken as 0 at 0, where for γ < 1 it would be infinite and
        // would turn the zero gradient of an empty batch into NaN.
        let g = gamma
        return loss.map({ Foundation.pow(Swift.max($0, 0), g) },
                        derivative: { x, _ in x > 0 ? g * Foundation.pow(x, g - 1) : 0 })
    }

    public var description: String {
        var syntax = LossSyntax("tversky")
        syntax.add("alpha", alpha, standard: 0.5)
        syntax.add("beta", beta, standard: 0.5)
        syntax.add("gamma", gamma, standard: 1)
        options.describe(into: &syntax)
        return syntax.text
    }
}
