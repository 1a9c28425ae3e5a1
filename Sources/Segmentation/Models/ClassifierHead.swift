import Core
import Tensor

/// The image-level head: "does this image show a pneumothorax at all". Global pooling of the
/// encoder's deepest feature (the average and the maximum over the positions, concatenated as
/// timm's `catavgmax`: a small lesion moves the maximum where it barely moves the average),
/// dropout, and one logit (a 1x1 convolution on the pooled `[N, 2C, 1, 1]` is a linear
/// layer), trained jointly with the masks (`FitOptions.classifierWeight`).
/// On this metric an empty image called empty scores 1 and a stray blob on it scores 0, so
/// the decision "anything there?" is worth as much as the outline.
///
/// Any architecture attaches it to `FeatureEncoder`'s bottom feature with `ClassifierHead.make`
/// and returns its logit from `outputs(aligned:)`.
public final class ClassifierHead: Module, Layer {
    let dropout: Dropout
    let linear: Conv2d

    /// A head on `channels` bottom channels. Its weights come from a generator of their own,
    /// forked from the model's seed, so adding the head leaves every other weight as it was.
    init(channels: Int, dropout p: Float, seed: UInt64) {
        var root = SeededGenerator(seed: seed)
        var g = root.fork(0xC1A5)
        dropout = Dropout(p, generator: &g)
        linear = Conv2d(2 * channels, 1, kernel: 1, generator: &g)
        super.init()
        child("dropout", dropout)
        child("fc", linear)
    }

    /// The head `config` asks for (none without `cls_head`), on an encoder with `layout`.
    static func make(_ config: ModelConfig, layout: FeatureLayout) -> ClassifierHead? {
        config.classifierDropout.map { ClassifierHead(channels: layout.bottomChannels, dropout: $0, seed: config.seed) }
    }

    /// `[N, C, h, w]` bottom features to `[N, 1]` logits.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard x.rank == 4 else { throw ShapeError("cls_head", "needs [N, C, H, W] features, got \(x.shape)") }
        let maximum = try x.maxPool2d(kernel: Spatial(x.shape[2], x.shape[3]))
        let pooled = try Tensor.concat([x.globalAvgPool2d(), maximum], axis: 1)
        return try linear(dropout(pooled)).reshaped([x.shape[0], 1])
    }
}

/// What a model computes for a batch: the logits of every mask head (deep supervision), the
/// final head last, and, with a classifier head, one image-level logit per image `[N, 1]`.
public struct ModelOutputs {
    public var heads: [Tensor]
    public var imageLogits: Tensor?

    public init(heads: [Tensor], imageLogits: Tensor? = nil) {
        self.heads = heads
        self.imageLogits = imageLogits
    }
}
