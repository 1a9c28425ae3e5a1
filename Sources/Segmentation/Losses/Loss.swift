import Tensor

/// A training objective for binary segmentation: a differentiable function of the model's
/// logits and the target mask that returns a scalar tensor.
///
/// Losses are built from `Tensor` operations, so autodiff gives their gradients. Their
/// `description` is the loss written in the command language (`focal(alpha=0.25)`,
/// `3*bce + dice`), so a session that uses a loss saves and replays it.
public protocol Loss: CustomStringConvertible {
    /// The loss of a validated batch of logits and targets, as a zero-dimensional tensor.
    func evaluate(_ batch: LossBatch) throws -> Tensor
}

extension Loss {
    /// The loss of `logits` against `target` (0/1 floats), both shaped `[N, 1, H, W]`
    /// (any shape `[N, ...]` with images along the first axis works).
    public func callAsFunction(_ logits: Tensor, _ target: Tensor) throws -> Tensor {
        try evaluate(LossBatch(logits: logits, target: target, loss: description))
    }
}

/// Logits and target of the same shape, with images along the first axis: what every loss
/// receives. Building one checks the shapes, so losses never see a mismatched pair.
public struct LossBatch {
    public let logits: Tensor
    /// The target mask as floats, 0 or 1 per pixel (a constant: it never needs a gradient).
    public let target: Tensor
    /// Number of images (the first dimension).
    public let images: Int
    /// Number of values per image.
    public let pixelsPerImage: Int

    /// Checks that `logits` and `target` have the same non-empty shape of rank at least 2;
    /// `loss` names the loss in the error.
    public init(logits: Tensor, target: Tensor, loss: String = "loss") throws {
        guard logits.shape == target.shape else {
            throw ShapeError(loss, "logits \(logits.shape) and target \(target.shape) must have the same shape")
        }
        guard logits.rank >= 2, logits.count > 0 else {
            throw ShapeError(loss, "needs a non-empty batch shaped [N, 1, H, W], got \(logits.shape)")
        }
        self.logits = logits
        self.target = target
        images = logits.shape[0]
        pixelsPerImage = logits.count / images
    }

    /// Image `i` alone, as a batch of one.
    public func image(_ i: Int) throws -> LossBatch {
        guard i >= 0, i < images else {
            throw ShapeError("loss", "image \(i) is out of range for a batch of \(images)")
        }
        var shape = logits.shape
        shape[0] = 1
        let range = i * pixelsPerImage..<(i + 1) * pixelsPerImage
        return try LossBatch(logits: logits.slice(axis: 0, i..<i + 1),
                             target: Tensor(shape: shape, data: Array(target.data[range])))
    }

    /// The logits as `[groups, values]`: one row per image, or a single row for the batch.
    func logitRows(perImage: Bool) throws -> Tensor {
        try logits.reshaped(perImage ? [images, pixelsPerImage] : [1, logits.count])
    }

    /// The target in the same layout as `logitRows`.
    func targetRows(perImage: Bool) -> Tensor {
        Tensor(shape: perImage ? [images, pixelsPerImage] : [1, target.count], data: target.data)
    }
}

/// The mean of zero-dimensional tensors, differentiable.
func meanOfScalars(_ values: [Tensor]) throws -> Tensor {
    try Tensor.concat(values.map { try $0.reshaped([1]) }, axis: 0).mean()
}
