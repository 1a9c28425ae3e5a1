import Core
import Imaging
import Tensor

/// Probability maps from one model or an ensemble, with optional horizontal-flip TTA.
///
/// Each member sees the images resized to its own input size (members may have been trained
/// at different sizes); its probabilities are resized back (bilinear) and the members'
/// probabilities averaged. With TTA a member also sees the mirrored images, and its two
/// probability maps (the second mirrored back) are averaged.
public struct Predictor {
    public struct Member {
        public let model: any SegmentationModel
        /// The side the member's input is resized to, or nil to use the images as they are.
        public let inputSize: Int?
        public init(_ model: any SegmentationModel, inputSize: Int? = nil) {
            self.model = model
            self.inputSize = inputSize
        }
    }

    public var members: [Member]
    public var flipTTA: Bool
    public var batchSize: Int
    /// Whether Ctrl-C stops the prediction. The trainer's validation turns it off: an epoch
    /// then always ends with its validation, and Ctrl-C stops the run before the next step.
    public var interruptible = true

    public init(_ members: [Member], flipTTA: Bool = false, batchSize: Int = 8) {
        self.members = members
        self.flipTTA = flipTTA
        self.batchSize = max(1, batchSize)
    }

    /// What the models say about a list of images: a probability map per image, at that
    /// image's size, and, when any member has a classifier head, each image's probability of
    /// showing a pneumothorax (averaged over the members that have the head, and over the
    /// flips with TTA).
    public struct Prediction {
        public var maps: [Image]
        public var presence: [Float]?
    }

    /// One probability map per image, at that image's size. Polls `Interrupt` between
    /// batches when `interruptible`.
    public func probabilities(_ images: [Image]) throws -> [Image] {
        try predict(images).maps
    }

    /// The maps and image-level probabilities of `images` (see `Prediction`).
    public func predict(_ images: [Image]) throws -> Prediction {
        guard !members.isEmpty else { throw ShapeError("predict", "needs at least one model") }
        var sums = images.map { Image(width: $0.width, height: $0.height) }
        var presenceSums = [Float](repeating: 0, count: images.count)
        let classifying = members.filter { $0.model.config.classifierDropout != nil }.count
        for member in members {
            let wasTraining = member.model.isTraining
            member.model.eval()
            defer { member.model.train(wasTraining) }
            for start in stride(from: 0, to: images.count, by: batchSize) {
                if interruptible { try Interrupt.check() }
                let range = start..<min(images.count, start + batchSize)
                let batch = try memberProbabilities(member, Array(images[range]))
                for (k, q) in (batch.presence ?? []).enumerated() { presenceSums[range.lowerBound + k] += q }
                for (k, p) in batch.maps.enumerated() {
                    let i = range.lowerBound + k
                    let q = p.width == images[i].width && p.height == images[i].height
                        ? p : try Resize.image(p, width: images[i].width, height: images[i].height)
                    for j in 0..<q.count { sums[i].pixels[j] += q.pixels[j] }
                }
            }
        }
        let scale = 1 / Float(members.count)
        let maps = sums.map { Image(width: $0.width, height: $0.height, pixels: $0.pixels.map { $0 * scale }) }
        let presence = classifying == 0 ? nil : presenceSums.map { $0 / Float(classifying) }
        return Prediction(maps: maps, presence: presence)
    }

    /// A member's probabilities for a batch, at the member's input size. Images of different
    /// sizes without a member input size are run one by one.
    private func memberProbabilities(_ member: Member, _ images: [Image]) throws -> Prediction {
        let inputs = try images.map { im in
            try member.inputSize.map { s in im.width == s && im.height == s ? im : try Resize.image(im, width: s, height: s) } ?? im
        }
        let uniform = inputs.allSatisfy { $0.width == inputs[0].width && $0.height == inputs[0].height }
        guard uniform else {
            let each = try inputs.map { try memberProbabilities(Member(member.model), [$0]) }
            return Prediction(maps: each.flatMap(\.maps), presence: each[0].presence.map { _ in each.flatMap { $0.presence! } })
        }
        let x = Batch.stack(inputs)
        return try Autograd.withoutGradients {
            let out = try member.model.inferenceOutputs(x)
            var p = out.heads.last!.sigmoid(), presence = out.imageLogits?.sigmoid()
            if flipTTA {
                let flipped = try member.model.inferenceOutputs(x.flippedHorizontally())
                p = try (p + flipped.heads.last!.sigmoid().flippedHorizontally()) * 0.5
                if let q = presence, let r = flipped.imageLogits?.sigmoid() { presence = try (q + r) * 0.5 }
            }
            let (h, w) = (x.shape[2], x.shape[3])
            let maps = (0..<inputs.count).map { n in
                Image(width: w, height: h, pixels: Array(p.data[(n * h * w)..<((n + 1) * h * w)]))
            }
            return Prediction(maps: maps, presence: presence?.data)
        }
    }
}

extension Tensor {
    /// The tensor mirrored along its last axis (no gradient: used for test-time augmentation).
    func flippedHorizontally() -> Tensor {
        let w = shape.last ?? 1
        var out = data
        for row in stride(from: 0, to: count, by: w) {
            for x in 0..<w { out[row + x] = data[row + w - 1 - x] }
        }
        return Tensor(shape: shape, data: out)
    }
}
