import Foundation
import Tensor

/// Binary focal loss (Lin et al.), averaged over every pixel of the batch; smp's `FocalLoss`
/// in binary mode, with the modulating factor computed as MONAI does:
///
/// ℓ = BCE(x, t), (1 − p_t)^γ = exp(γ·log σ(−x·(2t − 1))), FL = α_t·(1 − p_t)^γ·ℓ,
/// with α_t = α·t + (1 − α)(1 − t) when α is given (smp's class default is no α).
///
/// smp forms (1 − exp(−ℓ))^γ, whose gradient is NaN at a perfectly confident pixel when
/// γ < 1; the log-sigmoid form stays finite for every γ ≥ 0. γ = 0 is plain BCE.
/// Empty masks are not special: every pixel is a negative.
public struct FocalLoss: Loss, Sendable {
    public var gamma: Float
    /// Weight of the positive class; nil weighs both classes 1.
    public var alpha: Float?

    public init(gamma: Float = 2, alpha: Float? = nil) {
        self.gamma = gamma
        self.alpha = alpha
    }

    public func evaluate(_ batch: LossBatch) throws -> Tensor {
        let gamma = gamma, alpha = alpha
        return try meanPixelLoss(batch) { x, t in
            let logistic = Logistic(x)
            // 1 − p_t = σ(u) with u = −x(2t − 1), which for a 0/1 target is ∓x.
            let sign = 2 * t - 1
            let wrong = t == 1 ? logistic.negated : (t == 0 ? logistic : Logistic(-x * sign))
            let modulator = exp(-gamma * wrong.softplusOfNegated)
            let crossEntropy = logistic.softplus - x * t
            // d/dx σ(u)^γ = σ(u)^γ · γ(1 − σ(u)) · (−sign); d/dx of the cross-entropy is σ(x) − t.
            let slope = modulator * (gamma * wrong.sigmoidOfNegated * -sign * crossEntropy + logistic.sigmoid - t)
            let weight = alpha.map { $0 * t + (1 - $0) * (1 - t) } ?? 1
            return (weight * modulator * crossEntropy, weight * slope)
        }
    }

    public var description: String {
        var syntax = LossSyntax("focal")
        syntax.add("gamma", gamma, standard: 2)
        syntax.add("alpha", alpha)
        return syntax.text
    }
}
