import Tensor

/// The normalisation a network expects of its input pixels (in [0, 1]), recorded in the
/// model's configuration and applied at the start of its forward pass, so `fit`, `predict`,
/// `evaluate` and `submit` all feed it what its encoder was trained on without being told.
public enum InputNormalization: String, CaseIterable, Codable, Sendable {
    /// Pixels as they come.
    case none
    /// torchvision's ImageNet statistics, (x − mean) / std per channel: means 0.485, 0.456,
    /// 0.406 and stds 0.229, 0.224, 0.225 for three channels. A grey input stands for three
    /// equal channels whose first-convolution weights were summed (smp's `in_channels=1`),
    /// and one mean and std cannot reproduce three, so every channel of any other count uses
    /// their averages, 0.449 and 0.226, as is usual for grey images on ImageNet encoders.
    case imagenet

    static let imagenetMean: [Float] = [0.485, 0.456, 0.406]
    static let imagenetStd: [Float] = [0.229, 0.224, 0.225]
    static let imagenetGreyMean: Float = 0.449
    static let imagenetGreyStd: Float = 0.226

    /// The per-channel means and standard deviations for `channels` channels; nil for `none`.
    public func statistics(channels: Int) -> (mean: [Float], std: [Float])? {
        switch self {
        case .none: return nil
        case .imagenet:
            if channels == 3 { return (Self.imagenetMean, Self.imagenetStd) }
            return ([Float](repeating: Self.imagenetGreyMean, count: channels),
                    [Float](repeating: Self.imagenetGreyStd, count: channels))
        }
    }

    /// `x` (`[N, C, H, W]`) normalised per channel; differentiable, so gradients reach the input.
    public func apply(_ x: Tensor) throws -> Tensor {
        guard let (mean, std) = statistics(channels: x.shape[1]) else { return x }
        if Set(mean).count == 1 && Set(std).count == 1 { return (x - mean[0]) / std[0] }
        let shape = [1, mean.count, 1, 1]
        return try (x - Tensor(shape: shape, data: mean)) / Tensor(shape: shape, data: std)
    }
}
