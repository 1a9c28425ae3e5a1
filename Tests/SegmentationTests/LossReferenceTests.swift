import Segmentation
import Tensor
import Testing

/// Every loss against PyTorch 2 on a small batch: value and gradient with respect to the
/// logits. The numbers were computed in float64 by `torch` with smp's binary-mode code paths
/// written out (segmentation_models.pytorch `losses/{dice,jaccard,tversky,focal,lovasz,
/// soft_bce}.py`; per-image overlap losses apply smp's rule to each image), then pasted here.
@Suite struct LossReferenceTests {
    typealias Case = (loss: String, value: Double, gradient: [Double]?)

    /// Logits of two 2x3 images.
    static let logits: [Float] = [0.5, -1.2, 2.0, -0.3, 1.5, -2.5, -0.7, 0.2, -1.8, 3.0, -0.4, 0.9]

    /// The losses under test; each prints as the name its reference row carries.
    static var losses: [any Loss] { [
        BinaryCrossEntropy(),
        BinaryCrossEntropy(positiveWeight: 2, smoothing: 0.1),
        DiceLoss(),
        DiceLoss(OverlapOptions(smooth: 1, perImage: true)),
        DiceLoss(OverlapOptions(log: true)),
        JaccardLoss(),
        JaccardLoss(OverlapOptions(perImage: true)),
        TverskyLoss(alpha: 0.3, beta: 0.7),
        TverskyLoss(alpha: 0.3, beta: 0.7, gamma: 0.75, OverlapOptions(perImage: true)),
        FocalLoss(),
        FocalLoss(alpha: 0.25),
        FocalLoss(gamma: 0.5),
        LovaszHingeLoss(),
        LovaszHingeLoss(perImage: true),
        LovaszHingeLoss(symmetric: true),
        LovaszHingeLoss(perImage: true, eluPlusOne: true),
    ] }

    static let bothPositive: [Case] = [
        ("bce", 0.388000394, [-0.03146172, 0.0192896, -0.009933577, 0.03546312, -0.01520213, 0.006321515, 0.02765102, -0.03751383, 0.01182092, -0.003952156, 0.03344269, 0.05924579]),
        ("bce(pos_weight=2, smoothing=0.1)", 0.683410066, [-0.05144394, 0.004551895, -0.01054046, 0.02234277, -0.02055071, -0.009713, 0.01374945, -0.06294295, -0.003663652, 0.0008242367, 0.0201203, 0.0485037]),
        ("dice", 0.313728212, [-0.02770862, 0.01095704, -0.0123795, 0.0150569, -0.01758544, 0.004317893, 0.01365594, -0.02918398, 0.007497666, -0.005326652, 0.01479836, 0.01265737]),
        ("dice(smooth=1, per_image=true)", 0.271200598, [-0.01999287, 0.01008562, -0.008932298, 0.01385942, -0.01268859, 0.00397449, 0.01197696, -0.02728336, 0.006575837, -0.004979752, 0.01297892, 0.01110116]),
        ("dice(log=true)", 0.376481538, [-0.04037558, 0.01596604, -0.01803877, 0.02194015, -0.02562459, 0.006291812, 0.01989874, -0.0425254, 0.01092521, -0.007761724, 0.02156341, 0.01844366]),
        ("jaccard", 0.477615095, [-0.03210953, 0.01269732, -0.01434571, 0.01744836, -0.02037849, 0.005003695, 0.01582489, -0.03381921, 0.008688505, -0.006172673, 0.01714876, 0.01466771]),
        ("jaccard(per_image=true)", 0.479650771, [-0.03147744, 0.01481444, -0.01406331, 0.02035765, -0.01997734, 0.005837998, 0.01295229, -0.03451223, 0.007111329, -0.006299164, 0.01403584, 0.01200516]),
        ("tversky(alpha=0.3, beta=0.7)", 0.284388276, [-0.03454343, 0.007148371, -0.01543311, 0.009823121, -0.02192318, 0.002816993, 0.008909136, -0.03638271, 0.004891476, -0.006640562, 0.00965445, 0.008257663]),
        ("tversky(alpha=0.3, beta=0.7, gamma=0.75, per_image=true)", 0.397604514, [-0.03056252, 0.006943499, -0.01365454, 0.009541592, -0.01939668, 0.002736258, 0.009415459, -0.04374486, 0.005169468, -0.0079843, 0.01020313, 0.008726961]),
        ("focal", 0.089148888, [-0.01149475, 0.002840466, -0.0004059117, 0.01603404, -0.001419259, 0.0001062987, 0.007987894, -0.01870995, 0.0006781125, -2.623932e-05, 0.01363012, 0.06016791]),
        ("focal(alpha=0.25)", 0.0586365958, [-0.002873687, 0.00213035, -0.0001014779, 0.01202553, -0.0003548147, 7.972406e-05, 0.00599092, -0.004677487, 0.0005085844, -6.55983e-06, 0.01022259, 0.04512593]),
        ("focal(gamma=0.5)", 0.250370087, [-0.02688638, 0.0133368, -0.005037939, 0.03178999, -0.009423562, 0.002577755, 0.02239391, -0.03436378, 0.006512263, -0.00128065, 0.02929269, 0.06255873]),
        ("lovasz", 0.63452381, [-0.125, 0, -0, 0.0952381, -0, 0, 0.04166667, -0.1666667, 0, -0, 0.07142857, 0.1666667]),
        ("lovasz(per_image=true)", 0.6325, [-0.125, 0, -0, 0.125, -0, 0, 0.025, -0.1666667, 0, -0, 0.04166667, 0.1666667]),
        ("lovasz(symmetric=true)", 0.607638889, [-0.09027778, 0, -0, 0.110119, -0, 0, 0.07638889, -0.1369048, 0, -0, 0.09821429, 0.1547619]),
        ("lovasz(per_image=true, elu=true)", 1.4396443, [-0.125, 0.04093654, -0.03678794, 0.125, -0.06065307, 0, 0.025, -0.1666667, 0.007488816, -0.01127794, 0.04166667, 0.1666667]),
    ]
    static let secondEmpty: [Case] = [
        ("bce", 0.654667061, [-0.03146172, 0.0192896, -0.009933577, 0.03546312, -0.01520213, 0.006321515, 0.02765102, 0.0458195, 0.01182092, 0.07938118, 0.03344269, 0.05924579]),
        ("bce(pos_weight=2, smoothing=0.1)", 0.853628318, [-0.05144394, 0.004551895, -0.01054046, 0.02234277, -0.02055071, -0.009713, 0.01374945, 0.03373478, -0.003663652, 0.07065263, 0.0201203, 0.0485037]),
        ("dice", 0.4922737, [-0.03836007, 0.009879801, -0.01713829, 0.01357659, -0.02434544, 0.003893381, 0.01231336, 0.01374644, 0.006760535, 0.002508996, 0.01334347, 0.01141296]),
        ("dice(smooth=1, per_image=true)", 0.100093259, [-0.01999287, 0.01008562, -0.008932298, 0.01385942, -0.01268859, 0.00397449, 0, 0, 0, 0, 0, 0]),
        ("dice(log=true)", 0.677812756, [-0.07555265, 0.01945891, -0.03375497, 0.02673997, -0.04794992, 0.007668267, 0.02425197, 0.0270745, 0.01331531, 0.004941631, 0.02628082, 0.02247857]),
        ("jaccard", 0.659763286, [-0.03445184, 0.00887322, -0.01539219, 0.01219337, -0.02186506, 0.003496712, 0.01105884, 0.01234591, 0.006071753, 0.002253372, 0.011984, 0.01025018]),
        ("jaccard(per_image=true)", 0.189137593, [-0.03147744, 0.01481444, -0.01406331, 0.02035765, -0.01997734, 0.005837998, 0, 0, 0, 0, 0, 0]),
        ("tversky(alpha=0.3, beta=0.7)", 0.411347545, [-0.04907986, 0.00796816, -0.02192761, 0.01094966, -0.03114881, 0.003140051, 0.009930854, 0.01108664, 0.005452441, 0.002023531, 0.01076164, 0.009204669]),
        ("tversky(alpha=0.3, beta=0.7, gamma=0.75, per_image=true)", 0.197817114, [-0.03857017, 0.008762759, -0.01723216, 0.01204158, -0.02447878, 0.003453183, 0, 0, 0, 0, 0, 0]),
        ("focal", 0.329669717, [-0.01149475, 0.002840466, -0.0004059117, 0.01603404, -0.001419259, 0.0001062987, 0.007987894, 0.03195556, 0.0006781125, 0.09389582, 0.01363012, 0.06016791]),
        ("focal(alpha=0.25)", 0.244082292, [-0.002873687, 0.00213035, -0.0001014779, 0.01202553, -0.0003548147, 7.972406e-05, 0.00599092, 0.02396667, 0.0005085844, 0.07042187, 0.01022259, 0.04512593]),
        ("focal(gamma=0.5)", 0.513315568, [-0.02688638, 0.0133368, -0.005037939, 0.03178999, -0.009423562, 0.002577755, 0.02239391, 0.04507636, 0.006512263, 0.08335561, 0.02929269, 0.06255873]),
        ("lovasz", 1.55797619, [-0.125, 0, -0, 0.07142857, -0, 0, 0.02777778, 0.1, 0, 0.25, 0.05357143, 0.15]),
        ("lovasz(per_image=true)", 2.15, [-0.125, 0, -0, 0.125, -0, 0, 0, 0, 0, 0.5, 0, 0]),
        ("lovasz(symmetric=true)", 1.27176587, [-0.08472222, 0, -0, 0.09126984, -0, 0, 0.06388889, 0.1055556, 0, 0.1805556, 0.08234127, 0.1305556]),
        ("lovasz(per_image=true, elu=true)", 3.03837755, [-0.125, 0.04093654, -0.03678794, 0.125, -0.06065307, 0, 0, 0, 0, 0.5, 0, 0]),
    ]
    static let allEmpty: [Case] = [
        ("bce", 0.988000394, [0.05187161, 0.0192896, 0.07339976, 0.03546312, 0.06813121, 0.006321515, 0.02765102, 0.0458195, 0.01182092, 0.07938118, 0.03344269, 0.05924579]),
        ("bce(pos_weight=2, smoothing=0.1)", 1.06680043, [0.04039211, 0.004551895, 0.06407307, 0.02234277, 0.05827766, -0.009713, 0.01374945, 0.03373478, -0.003663652, 0.07065263, 0.0201203, 0.0485037]),
        ("dice", 0, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ("dice(smooth=1, per_image=true)", 0, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ("dice(log=true)", 0, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ("jaccard", 0, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ("jaccard(per_image=true)", 0, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ("tversky(alpha=0.3, beta=0.7)", 0, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ("tversky(alpha=0.3, beta=0.7, gamma=0.75, per_image=true)", 0, nil),
        ("focal", 0.5870599, [0.04384599, 0.002840466, 0.08972614, 0.01603404, 0.08011872, 0.0001062987, 0.007987894, 0.03195556, 0.0006781125, 0.09389582, 0.01363012, 0.06016791]),
        ("focal(alpha=0.25)", 0.440294925, [0.03288449, 0.00213035, 0.06729461, 0.01202553, 0.06008904, 7.972406e-05, 0.00599092, 0.02396667, 0.0005085844, 0.07042187, 0.01022259, 0.04512593]),
        ("focal(gamma=0.5)", 0.83680888, [0.05301398, 0.0133368, 0.07880065, 0.03178999, 0.07329771, 0.002577755, 0.02239391, 0.04507636, 0.006512263, 0.08335561, 0.02929269, 0.06255873]),
        ("lovasz", 4, [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]),
        ("lovasz(per_image=true)", 3.5, [0, 0, 0.5, 0, 0, 0, 0, 0, 0, 0.5, 0, 0]),
        ("lovasz(symmetric=true)", 2.65416667, [0.04166667, 0, 0.04166667, 0.04166667, 0.04166667, 0, 0.04166667, 0.04166667, 0, 0.5416667, 0.04166667, 0.04166667]),
        ("lovasz(per_image=true, elu=true)", 4.5, [0, 0, 0.5, 0, 0, 0, 0, 0, 0, 0.5, 0, 0]),
    ]

    @Test func bothImagesPositive() throws {
        try check(Self.bothPositive, target: [1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0])
    }

    @Test func secondImageEmpty() throws {
        try check(Self.secondEmpty, target: [1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    }

    /// An all-empty batch: the overlap losses are 0 with no gradient. PyTorch's focal Tversky
    /// (γ < 1) gives a NaN gradient here (its row has none); ours gives 0.
    @Test func allEmpty() throws {
        try check(Self.allEmpty, target: [Float](repeating: 0, count: 12))
        let focalTversky = Self.losses[8]
        let x = Tensor(shape: [2, 1, 2, 3], data: Self.logits, requiresGrad: true)
        let value = try focalTversky(x, Tensor(zeros: [2, 1, 2, 3]))
        if value.requiresGrad { try value.backward() }
        #expect((x.grad ?? []).allSatisfy { $0 == 0 })
    }

    private func check(_ cases: [Case], target: [Float], sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(cases.map(\.loss) == Self.losses.map(\.description), sourceLocation: sourceLocation)
        let t = Tensor(shape: [2, 1, 2, 3], data: target)
        for (loss, reference) in zip(Self.losses, cases) {
            let x = Tensor(shape: [2, 1, 2, 3], data: Self.logits, requiresGrad: true)
            let value = try loss(x, t)
            #expect(value.shape == [])
            #expect(abs(Double(value.item) - reference.value) <= 2e-6 * max(1, reference.value),
                    "\(loss): \(value.item) vs \(reference.value)", sourceLocation: sourceLocation)
            guard let expected = reference.gradient else { continue }
            if value.requiresGrad { try value.backward() }
            let gradient = x.grad ?? [Float](repeating: 0, count: 12)
            for (k, (g, e)) in zip(gradient, expected).enumerated() {
                #expect(abs(Double(g) - e) <= 2e-6, "\(loss) gradient \(k): \(g) vs \(e)", sourceLocation: sourceLocation)
            }
        }
    }
}
