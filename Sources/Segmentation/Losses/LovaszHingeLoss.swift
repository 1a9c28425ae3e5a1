import Tensor

/// The binary Lovász hinge (Berman, Rannen Triki and Blaschko, 2018, Algorithm 1), smp's
/// `LovaszLoss` in binary mode, plus the two variants Kaggle kernels used.
///
/// With signs s = 2t − 1 and hinge errors e = 1 − x·s sorted in decreasing order (π), g = t[π]
/// and G = Σg: J_k = 1 − (G − Σ_{j≤k} g_j) / (G + Σ_{j≤k} (1 − g_j)), ∇_1 = J_1,
/// ∇_k = J_k − J_{k−1}, and loss = Σ_k h(e_{π_k})·∇_k, with h = relu (or elu + 1).
///
/// On an image without a positive pixel G = 0, so ∇ = [1, 0, …, 0] and the loss is
/// h(1 + max x): only the single highest logit is pushed down. `perImage` averages one loss
/// per image (Berman's default; smp's default is the whole batch); `symmetric` averages the
/// loss of (x, t) and of (−x, 1 − t), which gives empty images a full gradient.
public struct LovaszHingeLoss: Loss, Sendable {
    public var perImage: Bool
    /// ½[L(x, t) + L(−x, 1 − t)].
    public var symmetric: Bool
    /// elu(e) + 1 instead of relu(e): smooth, and never exactly zero.
    public var eluPlusOne: Bool

    public init(perImage: Bool = false, symmetric: Bool = false, eluPlusOne: Bool = false) {
        self.perImage = perImage
        self.symmetric = symmetric
        self.eluPlusOne = eluPlusOne
    }

    public func evaluate(_ batch: LossBatch) throws -> Tensor {
        let rows = try batch.logitRows(perImage: perImage)
        let targets = batch.targetRows(perImage: perImage)
        let width = rows.shape[1]
        var losses: [Tensor] = []
        for r in 0..<rows.shape[0] {
            let x = try rows.slice(axis: 0, r..<r + 1).reshaped([width])
            let t = Array(targets.data[r * width..<(r + 1) * width])
            var loss = try hinge(x, t)
            if symmetric {
                loss = try 0.5 * (loss + hinge(-x, t.map { 1 - $0 }))
            }
            losses.append(loss)
        }
        return try meanOfScalars(losses)
    }

    /// The hinge of one flat vector of logits against its 0/1 labels.
    private func hinge(_ x: Tensor, _ t: [Float]) throws -> Tensor {
        let signs = Tensor(shape: x.shape, data: t.map { 2 * $0 - 1 })
        let errors = try 1 - x * signs
        let order = errors.argsort(descending: true)
        let sorted = try errors.gather(order)
        let weights = Tensor(shape: sorted.shape, data: lovaszGradient(sortedLabels: order.map { t[$0] }))
        let penalties = eluPlusOne ? sorted.elu() + 1 : sorted.relu()
        return try (penalties * weights).sum()
    }

    public var description: String {
        var syntax = LossSyntax("lovasz")
        syntax.add("per_image", perImage, standard: false)
        syntax.add("symmetric", symmetric, standard: false)
        syntax.add("elu", eluPlusOne, standard: false)
        return syntax.text
    }
}

/// The gradient of the Lovász extension of the Jaccard loss with respect to errors sorted in
/// decreasing order, given the labels in that order (Algorithm 1's ∇). It depends only on the
/// labels, so it is a constant of the loss.
func lovaszGradient(sortedLabels g: [Float]) -> [Float] {
    let positives = g.reduce(0.0) { $0 + Double($1) }
    var gradient = [Float](repeating: 0, count: g.count)
    var seenPositives = 0.0, seenNegatives = 0.0, previous = 0.0
    for k in 0..<g.count {
        seenPositives += Double(g[k])
        seenNegatives += 1 - Double(g[k])
        // The union is positive: G > 0, or else pixel k itself is a negative.
        let jaccard = 1 - (positives - seenPositives) / (positives + seenNegatives)
        gradient[k] = Float(jaccard - previous)
        previous = jaccard
    }
    return gradient
}
