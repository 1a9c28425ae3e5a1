import Core
import Tensor

/// Typical predictions for a batch of target masks, as logits: what the loss lab feeds each
/// loss to show how it responds before any training.
public struct ProbePredictions: Sendable, Equatable {
    /// The kinds of prediction, from right to wrong in different ways.
    public enum Kind: String, CaseIterable, Sendable {
        /// +confidence on the mask, −confidence elsewhere.
        case perfect
        /// −confidence everywhere: the all-background prediction.
        case empty
        /// The perfect prediction of the mask moved right and down.
        case shifted
        /// The perfect prediction of the mask grown by a square structuring element.
        case dilated
        /// The perfect logits plus Gaussian noise.
        case noisy
    }

    /// |logit| of a confident pixel (5 gives σ = 0.9933).
    public var confidence: Float = 5
    /// Shift in pixels, right and down; nil takes 1/16 of the image width (at least 1).
    public var shift: Int?
    /// Dilation radius in pixels; nil takes 1/32 of the image width (at least 1).
    public var dilation: Int?
    /// Standard deviation of the noise added to the perfect logits.
    public var noise: Float = 3
    /// Seed of the noise.
    public var seed: UInt64 = 1

    public init(confidence: Float = 5, shift: Int? = nil, dilation: Int? = nil, noise: Float = 3, seed: UInt64 = 1) {
        self.confidence = confidence
        self.shift = shift
        self.dilation = dilation
        self.noise = noise
        self.seed = seed
    }

    /// The logits of `kind` for `targets` shaped `[N, 1, H, W]` (or `[N, H, W]`), 0/1 values.
    public func logits(_ kind: Kind, targets: Tensor) throws -> Tensor {
        guard targets.rank >= 3, targets.count > 0 else {
            throw ShapeError("probe", "needs target masks shaped [N, 1, H, W], got \(targets.shape)")
        }
        let height = targets.shape[targets.rank - 2], width = targets.shape[targets.rank - 1]
        let planes = targets.count / (height * width)
        let mask: [Float]
        switch kind {
        case .perfect, .noisy: mask = targets.data
        case .empty: mask = [Float](repeating: 0, count: targets.count)
        case .shifted:
            let d = shift ?? Swift.max(1, width / 16)
            mask = mapPlanes(targets.data, planes) { shifted($0, $1, height: height, width: width, by: d) }
        case .dilated:
            let r = dilation ?? Swift.max(1, width / 32)
            mask = mapPlanes(targets.data, planes) { dilated($0, $1, height: height, width: width, radius: r) }
        }
        var logits = mask.map { $0 > 0.5 ? confidence : -confidence }
        if kind == .noisy {
            var generator = SeededGenerator(seed: seed)
            for i in logits.indices { logits[i] += noise * Float(generator.normal()) }
        }
        return Tensor(shape: targets.shape, data: logits)
    }
}

/// Applies a plane-to-plane transform to each of `planes` equal planes of `values`, in parallel.
private func mapPlanes(_ values: [Float], _ planes: Int,
                 _ transform: (UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void) -> [Float] {
    let size = values.count / planes
    var out = [Float](repeating: 0, count: values.count)
    values.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
            Parallel.forEach(planes) { p in
                transform(UnsafeBufferPointer(rebasing: src[p * size..<(p + 1) * size]),
                          UnsafeMutableBufferPointer(rebasing: dst[p * size..<(p + 1) * size]))
            }
        }
    }
    return out
}

/// Moves a plane d pixels right and down; what leaves the frame is lost, what enters is 0.
private func shifted(_ src: UnsafeBufferPointer<Float>, _ dst: UnsafeMutableBufferPointer<Float>,
                     height: Int, width: Int, by d: Int) {
    for y in 0..<height where y - d >= 0 && y - d < height {
        for x in 0..<width where x - d >= 0 && x - d < width {
            dst[y * width + x] = src[(y - d) * width + x - d]
        }
    }
}

/// The maximum over a (2r + 1)² square around each pixel, as a row pass then a column pass.
private func dilated(_ src: UnsafeBufferPointer<Float>, _ dst: UnsafeMutableBufferPointer<Float>,
                     height: Int, width: Int, radius r: Int) {
    var rows = [Float](repeating: 0, count: height * width)
    for y in 0..<height {
        for x in 0..<width {
            var m = -Float.infinity
            for k in Swift.max(0, x - r)...Swift.min(width - 1, x + r) { m = Swift.max(m, src[y * width + k]) }
            rows[y * width + x] = m
        }
    }
    for y in 0..<height {
        for x in 0..<width {
            var m = -Float.infinity
            for k in Swift.max(0, y - r)...Swift.min(height - 1, y + r) { m = Swift.max(m, rows[k * width + x]) }
            dst[y * width + x] = m
        }
    }
}
