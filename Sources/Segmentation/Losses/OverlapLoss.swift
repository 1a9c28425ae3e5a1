import Tensor

/// The settings Dice, Jaccard and Tversky share (smp's names and defaults).
public struct OverlapOptions: Sendable, Equatable {
    /// Added to numerator and denominator of the score (smp's `smooth`, default 0).
    public var smooth: Float
    /// Lower bound of the denominator, and of the score under `log` (smp's `eps`).
    public var eps: Float
    /// One score per image, then the mean over images; otherwise one score over the whole
    /// batch (smp's binary mode).
    public var perImage: Bool
    /// −log(max(score, eps)) instead of 1 − score.
    public var log: Bool

    public init(smooth: Float = 0, eps: Float = 1e-7, perImage: Bool = false, log: Bool = false) {
        self.smooth = smooth
        self.eps = eps
        self.perImage = perImage
        self.log = log
    }

    /// Appends the options that differ from the defaults to a loss's syntax.
    func describe(into syntax: inout LossSyntax) {
        let standard = OverlapOptions()
        syntax.add("smooth", smooth, standard: standard.smooth)
        syntax.add("eps", eps, standard: standard.eps)
        syntax.add("per_image", perImage, standard: standard.perImage)
        syntax.add("log", log, standard: standard.log)
    }
}

/// Soft overlap statistics of the probabilities p = σ(x) and the target t, one entry per
/// group: per image, or a single group for the whole batch.
struct SoftOverlap {
    /// Σ p·t (the soft true positives).
    let intersection: Tensor
    /// Σ p.
    let predicted: Tensor
    /// Σ t (constant).
    let truth: Tensor
    /// 1 where the group has a positive pixel, else 0 (constant).
    let hasTruth: Tensor

    init(_ batch: LossBatch, perImage: Bool) throws {
        // `Tensor.sigmoid` is the engine's one σ, whose derivative σ(x)σ(−x) keeps its tiny
        // value at saturated logits (smp's `exp(logsigmoid(x))` for the same reason).
        let p = try batch.logitRows(perImage: perImage).sigmoid()
        let t = batch.targetRows(perImage: perImage)
        intersection = try (p * t).sum(axes: [1])
        predicted = try p.sum(axes: [1])
        truth = try t.sum(axes: [1])
        hasTruth = Tensor(shape: truth.shape, data: truth.data.map { $0 > 0 ? 1 : 0 })
    }

    /// The loss from per-group scores, as smp aggregates it: 1 − score (or −log score) per
    /// group, zeroed for groups without a positive pixel, then the mean over all groups.
    func loss(scores: Tensor, _ options: OverlapOptions) throws -> Tensor {
        let perGroup = options.log ? -scores.clamp(min: options.eps).log() : 1 - scores
        return try (perGroup * hasTruth).mean()
    }
}
