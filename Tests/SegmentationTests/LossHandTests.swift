import Foundation
import Segmentation
import Tensor
import Testing

/// Losses on examples small enough to work out by hand, the identities between them, and
/// their behaviour at extreme logits.
@Suite struct LossHandTests {
    /// Shapes a flat list of pixels as one 1 x n image.
    func image(_ values: [Float]) -> Tensor { Tensor(shape: [1, 1, 1, values.count], data: values) }

    /// At x = 0 every pixel costs log 2 in BCE; focal (γ = 2) scales that by (1 − ½)² = ¼.
    @Test func bceAndFocalAtZero() throws {
        let x = image([0, 0, 0, 0]), t = image([1, 0, 1, 0])
        #expect(abs(try BinaryCrossEntropy()(x, t).item - Float(log(2.0))) < 1e-6)
        #expect(abs(try FocalLoss()(x, t).item - Float(log(2.0) / 4)) < 1e-6)
        // α = 0.25 weighs the two positives by 0.25 and the two negatives by 0.75: mean ½.
        #expect(abs(try FocalLoss(alpha: 0.25)(x, t).item - Float(log(2.0) / 8)) < 1e-6)
        // pos_weight 3 triples the positive terms: (3 + 1 + 3 + 1)/4 · log 2.
        #expect(abs(try BinaryCrossEntropy(positiveWeight: 3)(x, t).item - Float(2 * log(2.0))) < 1e-6)
    }

    /// p = ½ everywhere against 2 of 4 positives: Σpt = 1, Σp = 2, Σt = 2.
    @Test func overlapLossesAtHalf() throws {
        let x = image([0, 0, 0, 0]), t = image([1, 0, 1, 0])
        #expect(abs(try DiceLoss()(x, t).item - 0.5) < 1e-6)                       // 1 − 2/4
        #expect(abs(try DiceLoss(OverlapOptions(smooth: 1))(x, t).item - 0.4) < 1e-6) // 1 − 3/5
        #expect(abs(try DiceLoss(OverlapOptions(log: true))(x, t).item - Float(log(2.0))) < 1e-6)
        #expect(abs(try JaccardLoss()(x, t).item - Float(2.0 / 3)) < 1e-6)          // 1 − 1/3
        // FP = 1, FN = 1: T = 1/(1 + 0.3 + 0.7) = ½.
        #expect(abs(try TverskyLoss(alpha: 0.3, beta: 0.7)(x, t).item - 0.5) < 1e-6)
        #expect(abs(try TverskyLoss(gamma: 2)(x, t).item - 0.25) < 1e-6)             // (1 − ½)²
    }

    /// x = [0.5, 0.3], t = [1, 0]: errors [0.5, 1.3]; sorted [1.3 (negative), 0.5 (positive)];
    /// J = [1 − 1/2, 1 − 0/2] = [½, 1], ∇ = [½, ½]; loss = 1.3·½ + 0.5·½ = 0.9.
    @Test func lovaszByHand() throws {
        #expect(abs(try LovaszHingeLoss()(image([0.5, 0.3]), image([1, 0])).item - 0.9) < 1e-6)
        // Margins of at least 1 on the right side: every error ≤ 0, so the hinge is 0.
        #expect(try LovaszHingeLoss()(image([2, -1]), image([1, 0])).item == 0)
    }

    /// On an empty image G = 0 and ∇ = [1, 0, …]: the loss is relu(1 + max x) and only the
    /// highest logit gets a gradient.
    @Test func lovaszOnEmptyImagePushesOnePixel() throws {
        let x = Tensor(shape: [1, 1, 2, 3], data: [-2, 0.7, -1, 0.1, -3, 0.4], requiresGrad: true)
        let loss = try LovaszHingeLoss()(x, Tensor(zeros: [1, 1, 2, 3]))
        #expect(abs(loss.item - 1.7) < 1e-6)
        try loss.backward()
        #expect(x.grad == [0, 1, 0, 0, 0, 0])
    }

    /// Tversky with α = β = 1 is Jaccard; with α = β = ½ it is Dice with `smooth` doubled.
    @Test func tverskyIdentities() throws {
        let x = seededLogits([2, 1, 3, 3], seed: 3), t = seededMask([2, 1, 3, 3], seed: 4)
        for perImage in [false, true] {
            let jaccard = try JaccardLoss(OverlapOptions(smooth: 0.5, perImage: perImage))(x, t).item
            let tv11 = try TverskyLoss(alpha: 1, beta: 1, OverlapOptions(smooth: 0.5, perImage: perImage))(x, t).item
            #expect(abs(jaccard - tv11) < 1e-6)
            let dice = try DiceLoss(OverlapOptions(smooth: 2, perImage: perImage))(x, t).item
            let tvHalf = try TverskyLoss(OverlapOptions(smooth: 1, perImage: perImage))(x, t).item
            #expect(abs(dice - tvHalf) < 1e-6)
        }
    }

    /// γ = 0 turns focal into BCE (times α_t when α is set).
    @Test func focalWithoutFocusingIsBCE() throws {
        let x = seededLogits([2, 1, 3, 3], seed: 5), t = seededMask([2, 1, 3, 3], seed: 6)
        #expect(abs(try FocalLoss(gamma: 0)(x, t).item - BinaryCrossEntropy()(x, t).item) < 1e-6)
        #expect(abs(try FocalLoss(gamma: 0, alpha: 0.5)(x, t).item - 0.5 * BinaryCrossEntropy()(x, t).item) < 1e-6)
    }

    /// Logits of ±100 neither overflow nor lose their gradient; focal with γ < 1 stays finite
    /// at perfectly confident pixels (the naive (1 − p_t)^γ gives NaN gradients there).
    @Test func extremeLogitsStayFinite() throws {
        let t = image([1, 0, 1, 0])
        let losses: [any Loss] = [
            BinaryCrossEntropy(), BinaryCrossEntropy(positiveWeight: 2, smoothing: 0.1), FocalLoss(gamma: 0.5),
            DiceLoss(), DiceLoss(OverlapOptions(log: true)), JaccardLoss(), TverskyLoss(gamma: 0.5), LovaszHingeLoss(),
        ]
        for values: [Float] in [[100, -100, 100, -100], [-100, 100, -100, 100]] {
            for loss in losses {
                let x = Tensor(shape: [1, 1, 1, 4], data: values, requiresGrad: true)
                let value = try loss(x, t)
                try value.backward()
                #expect(value.item.isFinite && (x.grad ?? []).allSatisfy(\.isFinite), "\(loss) at \(values)")
            }
        }
        // All wrong by 100: BCE is 100 per pixel, exactly.
        #expect(try BinaryCrossEntropy()(image([-100, 100]), image([1, 0])).item == 100)
    }

    /// Label smoothing s turns targets 1/0 into 1 − s / s: BCE at x = 0 is still log 2, and at a
    /// confident correct logit it no longer goes to 0.
    @Test func labelSmoothing() throws {
        let smoothed = BinaryCrossEntropy(smoothing: 0.1)
        #expect(abs(try smoothed(image([0]), image([1])).item - Float(log(2.0))) < 1e-6)
        // ℓ(10, 0.9) = softplus(10) − 9 = 10 + log1p(e^−10) − 9.
        #expect(abs(try smoothed(image([10]), image([1])).item - Float(1 + log1p(exp(-10.0)))) < 1e-5)
    }
}
