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
        let x = batch.logits, t = batch.target
        let negatedSign = Tensor(shape: t.shape, data: t.data.map { 1 - 2 * $0 })
        let modulator = try (gamma * (x * negatedSign).logSigmoid()).exp()
        let crossEntropy = try x.softplus() - x * t
        var focal = try modulator * crossEntropy
        if let alpha {
            focal = try focal * Tensor(shape: t.shape, data: t.data.map { alpha * $0 + (1 - alpha) * (1 - $0) })
        }
        return focal.mean()
    }

    public var description: String {
        var syntax = LossSyntax("focal")
        syntax.add("gamma", gamma, standard: 2)
        syntax.add("alpha", alpha)
        return syntax.text
    }
}
