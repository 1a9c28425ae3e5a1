import Tensor

/// Soft Dice loss on σ(logits), smp's `DiceLoss` in binary mode (the ≤ 0.4 formula, which
/// most SIIM code uses):
///
/// D = (2·Σpt + smooth) / max(Σp + Σt + smooth, eps), loss = 1 − D (or −log max(D, eps)).
///
/// smp ≥ 0.5 computes (2·Σpt + 2·smooth) / (Σp + Σt + 2·smooth): the same with `smooth`
/// doubled. A group (image, or the batch) with no positive pixel contributes 0, as in smp,
/// so on an empty mask Dice gives neither a value nor a gradient: true negatives are invisible to it.
public struct DiceLoss: Loss, Sendable {
    public var options: OverlapOptions

    public init(_ options: OverlapOptions = OverlapOptions()) { self.options = options }

    public func evaluate(_ batch: LossBatch) throws -> Tensor {
        let s = try SoftOverlap(batch, perImage: options.perImage)
        let numerator = 2 * s.intersection + options.smooth
        let denominator = try (s.predicted + s.truth + options.smooth).clamp(min: options.eps)
        return try s.loss(scores: numerator / denominator, options)
    }

    public var description: String {
        var syntax = LossSyntax("dice")
        options.describe(into: &syntax)
        return syntax.text
    }
}
