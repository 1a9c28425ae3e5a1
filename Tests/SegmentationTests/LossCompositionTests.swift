import Segmentation
import Tensor
import Testing

/// Weighted sums of losses, closure losses, the language syntax losses print as, and errors.
@Suite struct LossCompositionTests {
    @Test func descriptionsUseTheLanguageSyntax() {
        #expect(BinaryCrossEntropy().description == "bce")
        #expect(BinaryCrossEntropy(positiveWeight: 2.5).description == "bce(pos_weight=2.5)")
        #expect(DiceLoss(OverlapOptions(smooth: 1, eps: 1e-5, perImage: true, log: true)).description
                == "dice(smooth=1, eps=1e-05, per_image=true, log=true)")
        #expect(FocalLoss(gamma: 2, alpha: 0.25).description == "focal(alpha=0.25)")
        #expect(FocalLoss(gamma: 0.5).description == "focal(gamma=0.5)")
        #expect(TverskyLoss(alpha: 0.3, beta: 0.7, gamma: 0.75).description == "tversky(alpha=0.3, beta=0.7, gamma=0.75)")
        #expect(LovaszHingeLoss(perImage: true, symmetric: true, eluPlusOne: true).description
                == "lovasz(per_image=true, symmetric=true, elu=true)")
        #expect(JaccardLoss().description == "jaccard")
    }

    @Test func weightedSumsPrintAndFlatten() {
        let combo = 3 * BinaryCrossEntropy() + DiceLoss() + 4 * FocalLoss(gamma: 2)
        #expect(combo.description == "3*bce + dice + 4*focal")
        #expect(combo.terms.map(\.weight) == [3, 1, 4])
        let scaled = 0.5 * combo - JaccardLoss()
        #expect(scaled.description == "1.5*bce + 0.5*dice + 2*focal - jaccard")
        #expect((-DiceLoss()).description == "-dice")
        #expect((LovaszHingeLoss() / 4).description == "0.25*lovasz")
    }

    /// The sum's value and gradient are the weighted sums of its terms'.
    @Test func weightedSumIsLinear() throws {
        let logits = seededLogits([2, 1, 3, 3], seed: 11), target = seededMask([2, 1, 3, 3], seed: 12)
        let terms: [(Float, any Loss)] = [(3, BinaryCrossEntropy()), (1, DiceLoss()), (-0.5, LovaszHingeLoss())]
        var expectedValue: Float = 0
        var expectedGradient = [Float](repeating: 0, count: logits.count)
        for (w, loss) in terms {
            let x = Tensor(shape: logits.shape, data: logits.data, requiresGrad: true)
            let value = try loss(x, target)
            try value.backward()
            expectedValue += w * value.item
            for (k, g) in (x.grad ?? []).enumerated() { expectedGradient[k] += w * g }
        }
        let x = Tensor(shape: logits.shape, data: logits.data, requiresGrad: true)
        let value = try CombinedLoss(terms.map { (weight: $0.0, loss: $0.1) })(x, target)
        try value.backward()
        #expect(abs(value.item - expectedValue) < 1e-5)
        for (g, e) in zip(x.grad ?? [], expectedGradient) { #expect(abs(g - e) < 1e-6) }
    }

    /// A closure loss is a loss: it differentiates, prints as its name, combines, and must
    /// return one number.
    @Test func customLoss() throws {
        // Mean squared error between σ(x) and t, written from Tensor operations.
        let mse = CustomLoss(name: "myloss") { logits, target in try (logits.sigmoid() - target).pow(2).mean() }
        let x = Tensor(shape: [1, 1, 1, 2], data: [0, 0], requiresGrad: true)
        let value = try mse(x, Tensor(shape: [1, 1, 1, 2], data: [1, 0]))
        #expect(abs(value.item - 0.25) < 1e-6)                  // ((½ − 1)² + (½)²)/2
        try value.backward()
        // d/dx (σ − t)²/2 = (σ − t)σ(1 − σ) = ∓⅛.
        #expect(x.grad == [-0.125, 0.125])
        #expect((BinaryCrossEntropy() + 2 * mse).description == "bce + 2*myloss")

        let notScalar = CustomLoss(name: "pixels") { logits, _ in logits.sigmoid() }
        #expect(throws: ShapeError.self) { try notScalar(x, Tensor(zeros: [1, 1, 1, 2])) }
    }

    @Test func mismatchedShapesAreErrors() {
        let x = Tensor(zeros: [2, 1, 4, 4]), t = Tensor(zeros: [2, 1, 4, 3])
        let losses: [any Loss] = [BinaryCrossEntropy(), DiceLoss(), FocalLoss(), LovaszHingeLoss(), TverskyLoss()]
        for loss in losses {
            #expect(throws: ShapeError.self) { try loss(x, t) }
        }
        #expect(throws: ShapeError.self) { try DiceLoss()(Tensor(zeros: [4]), Tensor(zeros: [4])) }
        #expect(throws: ShapeError.self) { try CombinedLoss([])(x, x) }
    }
}
