import Core
import Segmentation
import Tensor
import Testing

/// Gradients of every loss against finite differences, on a batch of three 4x4 images with
/// the middle one empty, so the empty-mask paths are differentiated too.
@Suite struct LossGradientTests {
    static var logits: Tensor { seededLogits([3, 1, 4, 4], seed: 7) }
    static var target: Tensor { seededMask([3, 1, 4, 4], seed: 8, empty: [1]) }

    static var smooth: [any Loss] { [
        BinaryCrossEntropy(),
        BinaryCrossEntropy(positiveWeight: 3, smoothing: 0.05),
        DiceLoss(),
        DiceLoss(OverlapOptions(smooth: 1, perImage: true, log: true)),
        JaccardLoss(OverlapOptions(perImage: true)),
        JaccardLoss(OverlapOptions(smooth: 0.5, log: true)),
        TverskyLoss(alpha: 0.7, beta: 0.3),
        TverskyLoss(alpha: 0.3, beta: 0.7, gamma: 4.0 / 3, OverlapOptions(perImage: true)),
        TverskyLoss(gamma: 0.75),
        FocalLoss(),
        FocalLoss(gamma: 0.5, alpha: 0.8),
        FocalLoss(gamma: 3, alpha: 0.25),
        3 * BinaryCrossEntropy() + DiceLoss() + 4 * FocalLoss(gamma: 2),
    ] }

    /// Lovász is piecewise linear in the logits, with kinks where two hinge errors 1 ∓ x tie or
    /// one crosses 0. These logits, −2.99 + k/8 shuffled, keep every tie and zero at least
    /// 0.01 away, so steps of 0.005 stay on one linear piece.
    static var spacedLogits: Tensor {
        var rng = SeededGenerator(seed: 9)
        var values = (0..<48).map { -2.99 + Float($0) / 8 }
        for i in stride(from: values.count - 1, to: 0, by: -1) { values.swapAt(i, rng.int(below: i + 1)) }
        return Tensor(shape: [3, 1, 4, 4], data: values)
    }

    static var piecewiseLinear: [any Loss] { [
        LovaszHingeLoss(),
        LovaszHingeLoss(perImage: true),
        LovaszHingeLoss(symmetric: true),
        LovaszHingeLoss(perImage: true, symmetric: true, eluPlusOne: true),
    ] }

    @Test func smoothLosses() throws {
        for loss in Self.smooth {
            try checkLossGradient(loss, logits: Self.logits, target: Self.target, eps: 1e-2)
        }
    }

    /// Soft targets (a resized mask's edge, label smoothing) take the general branch of the
    /// fused kernels.
    @Test func softTargets() throws {
        let soft = Tensor(shape: [3, 1, 4, 4], data: Self.target.data.enumerated().map { k, t in
            k % 3 == 0 ? 0.3 + 0.4 * t : t
        })
        let losses: [any Loss] = [BinaryCrossEntropy(positiveWeight: 2), FocalLoss(gamma: 1.5, alpha: 0.3), DiceLoss()]
        for loss in losses {
            try checkLossGradient(loss, logits: Self.logits, target: soft, eps: 1e-2)
        }
    }

    @Test func lovaszLosses() throws {
        for loss in Self.piecewiseLinear {
            try checkLossGradient(loss, logits: Self.spacedLogits, target: Self.target, eps: 5e-3, absolute: 5e-5)
        }
    }
}
