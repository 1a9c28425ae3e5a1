import Tensor

/// Soft Jaccard (IoU) loss on σ(logits), smp's `JaccardLoss` in binary mode:
///
/// J = (Σpt + smooth) / max(Σp + Σt − Σpt + smooth, eps), loss = 1 − J (or −log max(J, eps)).
///
/// Like Dice, a group without a positive pixel contributes 0.
public struct JaccardLoss: Loss, Sendable {
    public var options: OverlapOptions

    public init(_ options: OverlapOptions = OverlapOptions()) { self.options = options }

    public func evaluate(_ batch: LossBatch) throws -> Tensor {
        let s = try SoftOverlap(batch, perImage: options.perImage)
        let union = try s.predicted + s.truth - s.intersection
        let scores = try (s.intersection + options.smooth) / (union + options.smooth).clamp(min: options.eps)
        return try s.loss(scores: scores, options)
    }

    public var description: String {
        var syntax = LossSyntax("jaccard")
        options.describe(into: &syntax)
        return syntax.text
    }
}
