import Core
import Imaging
import Tensor

/// How well one transform kept an image and its mask together over many draws.
public struct ConsistencyResult: Sendable, Equatable, CustomStringConvertible {
    /// The transform, as the language writes it.
    public var transform: String
    public var trials: Int
    /// Trials where the mask or the thresholded image kept enough pixels to compare.
    public var compared: Int
    /// The largest distance, in pixels, between the centroid of the transformed mask and that
    /// of the thresholded transformed image (infinite if one vanished and the other did not).
    public var worstCentroidError: Double
    /// The smallest intersection-over-union of the two.
    public var worstIoU: Double

    public static let centroidTolerance = 1.0
    public static let iouFloor = 0.8

    public var passed: Bool {
        worstCentroidError <= Self.centroidTolerance && worstIoU >= Self.iouFloor
    }

    public var description: String {
        let verdict = passed ? "ok" : "MISMATCH"
        return "\(verdict)  \(transform): \(compared)/\(trials) compared, centroid error ≤ "
            + "\(formatNumber(worstCentroidError, digits: 2)) px, IoU ≥ \(formatNumber(worstIoU, digits: 3))"
    }
}

/// A probe whose image is bright exactly where its mask is set: 0.8 inside, 0.2 outside.
/// Thresholding a transformed probe at 0.5 must then give back the transformed mask.
public func consistencyProbe(mask: Mask) -> Pair {
    let pixels = mask.pixels.map { $0 != 0 ? Float(0.8) : Float(0.2) }
    return Pair(checked: Image(width: mask.width, height: mask.height, pixels: pixels), mask)
}

/// The default probe: an off-centre rectangle on a `width` x `height` image, so that flips,
/// turns and shifts all move it.
public func consistencyProbe(width: Int = 256, height: Int = 256) -> Pair {
    var mask = Mask(width: width, height: height)
    for y in (height * 35 / 100)..<(height * 62 / 100) {
        for x in (width * 30 / 100)..<(width * 55 / 100) { mask[x, y] = 1 }
    }
    return consistencyProbe(mask: mask)
}

extension Transform {
    /// `check AUG SAMPLE`: forces each single transform inside this one `trials` times on a
    /// probe and compares the transformed mask with the thresholded transformed image. The
    /// probe takes its mask (and size) from `sample` when that mask is not empty, otherwise it
    /// is `consistencyProbe()` at the sample's size, or `size` x `size` without a sample. A
    /// transform that moves the image and the mask differently fails. Ctrl-C (`Interrupt`)
    /// skips the trials left and throws `Interrupted`, since a check of slow transforms on a
    /// large probe takes a while.
    public func checkConsistency(sample: Pair? = nil, size: Int = 256, trials: Int = 24, seed: UInt64 = 0) throws -> [ConsistencyResult] {
        let probe: Pair
        if let sample, !sample.mask.isEmpty {
            probe = consistencyProbe(mask: sample.mask)
        } else {
            probe = consistencyProbe(width: sample?.width ?? size, height: sample?.height ?? size)
        }
        let trials = max(0, trials)
        var root = SeededGenerator(seed: seed)
        let interrupt = Interrupt.current
        return try leaves.map { leaf in
            let generators = (0..<trials).map { root.fork(UInt64($0)) }
            let scores = parallelMap(trials) { i -> Agreement? in
                guard !interrupt.isRequested else { return nil }
                var rng = generators[i]
                var drawn: [Drawn] = []
                return agreement(leaf.applyAlways(to: probe, using: &rng, drawn: &drawn))
            }.compactMap { $0 }
            try interrupt.check()
            return ConsistencyResult(
                transform: leaf.description, trials: trials, compared: scores.count,
                worstCentroidError: scores.map(\.centroidError).max() ?? 0,
                worstIoU: scores.map(\.iou).min() ?? 1)
        }
    }
}

private struct Agreement {
    var centroidError: Double
    var iou: Double
}

/// Masks this small (a probe pushed almost out of frame) have too few pixels for a centroid
/// to mean anything; such trials are not compared.
private let smallestComparedArea = 16

/// Compares the mask with the image thresholded halfway between its darkest and brightest
/// pixel (0.5 for the untouched probe; pixel transforms such as brightness or contrast move
/// both levels, and a fixed 0.5 would then report a mismatch that is not there). Nil when
/// both are too small to judge, or when the pixel transform left no contrast to threshold.
private func agreement(_ pair: Pair) -> Agreement? {
    guard let low = pair.image.pixels.min(), let high = pair.image.pixels.max(), high - low > 0.05 else { return nil }
    let threshold = (low + high) / 2
    var maskSum = (n: 0, x: 0.0, y: 0.0), imageSum = (n: 0, x: 0.0, y: 0.0)
    var both = 0
    for y in 0..<pair.height {
        for x in 0..<pair.width {
            let i = y * pair.width + x
            let inMask = pair.mask.pixels[i] != 0, inImage = pair.image.pixels[i] > threshold
            if inMask { maskSum.n += 1; maskSum.x += Double(x); maskSum.y += Double(y) }
            if inImage { imageSum.n += 1; imageSum.x += Double(x); imageSum.y += Double(y) }
            if inMask && inImage { both += 1 }
        }
    }
    if maskSum.n < smallestComparedArea && imageSum.n < smallestComparedArea { return nil }
    let union = maskSum.n + imageSum.n - both
    let iou = Double(both) / Double(union)
    guard maskSum.n > 0, imageSum.n > 0 else { return Agreement(centroidError: .infinity, iou: iou) }
    let dx = maskSum.x / Double(maskSum.n) - imageSum.x / Double(imageSum.n)
    let dy = maskSum.y / Double(maskSum.n) - imageSum.y / Double(imageSum.n)
    return Agreement(centroidError: (dx * dx + dy * dy).squareRoot(), iou: iou)
}
