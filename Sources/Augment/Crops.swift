import Foundation
import Core
import Tensor

/// Output sizes above this are refused, so a typo cannot ask for gigabytes.
let largestOutputSide = 16_384

func requireOutputSize(_ height: Int, _ width: Int, _ transform: String) throws {
    try require(height >= 1 && height <= largestOutputSide, transform, "height",
                "must be between 1 and \(largestOutputSide), got \(height)")
    try require(width >= 1 && width <= largestOutputSide, transform, "width",
                "must be between 1 and \(largestOutputSide), got \(width)")
}

/// Crops `window` and resizes it to width x height as `cv2.resize` does: the image bilinear
/// with half-pixel centres, clamped at the crop's edges; the mask with nearest neighbour at
/// the same centres.
func cropAndResize(_ pair: Pair, _ window: Window, width: Int, height: Int) -> Pair {
    let map = SeparableMap(
        columns: SeparableMap.resize(origin: 0, extent: window.width, count: width),
        rows: SeparableMap.resize(origin: 0, extent: window.height, count: height))
    return remap(pair, window: window, width: width, height: height, map: map,
                 border: Border(mode: .replicate, value: 0, maskValue: 0))
}

/// A crop origin drawn uniformly over every valid offset: `int((size − extent + 1)·u)`,
/// u ~ U[0, 1) (albumentations 2.x; 0.x's `int((size − extent)·u)` never reached the last one).
private func cropOrigin(size: Int, extent: Int, _ u: Double) -> Int {
    min(Int(Double(size - extent + 1) * u), size - extent)
}

/// Crops a random square-ish window and resizes it to `height` x `width`: the crop height is
/// drawn uniformly from the integers in `min_max_height` (clamped to the image), its width is
/// `int(h·w2h_ratio)`, and its origin is uniform over the valid offsets.
public struct RandomSizedCrop: Transform {
    public static let name = "sized_crop"
    public let minMaxHeight: ClosedRange<Int>
    public let height: Int
    public let width: Int
    public let w2hRatio: Double
    public let p: Double

    public init(minMaxHeight: ClosedRange<Int>, height: Int, width: Int, w2hRatio: Double = 1, p: Double = 1) throws {
        try requireProbability(p, Self.name)
        try require(minMaxHeight.lowerBound >= 1, Self.name, "min_max_height", "must be positive")
        try requireOutputSize(height, width, Self.name)
        try require(w2hRatio > 0 && w2hRatio.isFinite, Self.name, "w2h_ratio", "must be positive")
        self.minMaxHeight = minMaxHeight
        self.height = height
        self.width = width
        self.w2hRatio = w2hRatio
        self.p = p
    }

    public var spec: TransformSpec {
        TransformSpec(Self.name, [
            .init("min_max_height", .range(Double(minMaxHeight.lowerBound), Double(minMaxHeight.upperBound))),
            .init("height", .number(Double(height))), .init("width", .number(Double(width))),
            .init("w2h_ratio", .number(w2hRatio)), .init("p", .number(p))])
    }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        let drawnHeight = minMaxHeight.lowerBound + rng.int(below: minMaxHeight.count)
        let hStart = rng.uniform(), wStart = rng.uniform()
        let h = min(drawnHeight, pair.height)
        let w = max(Int(min(Double(h) * w2hRatio, Double(pair.width))), 1)
        let window = Window(x: cropOrigin(size: pair.width, extent: w, wStart),
                            y: cropOrigin(size: pair.height, extent: h, hStart), width: w, height: h)
        drawn.append(Drawn(Self.name, [.init("h", Double(h)), .init("w", Double(w)),
                                       .init("y", Double(window.y)), .init("x", Double(window.x))]))
        return cropAndResize(pair, window, width: width, height: height)
    }
}

/// torchvision's RandomResizedCrop: up to 10 tries draw an area fraction from `scale` and a
/// log-uniform aspect ratio from `ratio`, giving `w = round(√(A·r))`, `h = round(√(A/r))`
/// (half to even); the first that fits is placed uniformly. If none fits, a centre crop with
/// the aspect ratio clamped to `ratio`. The crop is resized to `height` x `width`.
public struct RandomResizedCrop: Transform {
    public static let name = "resized_crop"
    public let height: Int
    public let width: Int
    public let scale: ClosedRange<Double>
    public let ratio: ClosedRange<Double>
    public let p: Double

    public init(height: Int, width: Int, scale: ClosedRange<Double> = 0.08...1,
                ratio: ClosedRange<Double> = 0.75...(4.0 / 3.0), p: Double = 1) throws {
        try requireProbability(p, Self.name)
        try requireOutputSize(height, width, Self.name)
        try require(scale.lowerBound > 0 && scale.upperBound.isFinite, Self.name, "scale", "must be a positive range")
        try require(ratio.lowerBound > 0 && ratio.upperBound.isFinite, Self.name, "ratio", "must be a positive range")
        self.height = height
        self.width = width
        self.scale = scale
        self.ratio = ratio
        self.p = p
    }

    public var spec: TransformSpec {
        TransformSpec(Self.name, [
            .init("height", .number(Double(height))), .init("width", .number(Double(width))),
            .init("scale", .range(scale.lowerBound, scale.upperBound)),
            .init("ratio", .range(ratio.lowerBound, ratio.upperBound)), .init("p", .number(p))])
    }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        let window = drawWindow(imageWidth: pair.width, imageHeight: pair.height, &rng)
        drawn.append(Drawn(Self.name, [.init("h", Double(window.height)), .init("w", Double(window.width)),
                                       .init("y", Double(window.y)), .init("x", Double(window.x))]))
        return cropAndResize(pair, window, width: width, height: height)
    }

    private func drawWindow(imageWidth W: Int, imageHeight H: Int, _ rng: inout SeededGenerator) -> Window {
        let area = Double(W * H)
        let logRatio = (log(ratio.lowerBound), log(ratio.upperBound))
        for _ in 0..<10 {
            let target = rng.uniform(scale.lowerBound, scale.upperBound) * area
            let aspect = exp(rng.uniform(logRatio.0, logRatio.1))
            // Sizes are compared before they become integers: a huge `scale` or `ratio` can
            // ask for more than an Int holds.
            let wide = (target * aspect).squareRoot().rounded(.toNearestOrEven)
            let high = (target / aspect).squareRoot().rounded(.toNearestOrEven)
            if wide >= 1 && wide <= Double(W) && high >= 1 && high <= Double(H) {
                let w = Int(wide), h = Int(high)
                let y = rng.int(below: H - h + 1), x = rng.int(below: W - w + 1)
                return Window(x: x, y: y, width: w, height: h)
            }
        }
        let inRatio = Double(W) / Double(max(H, 1))
        var (w, h) = (W, H)
        if inRatio < ratio.lowerBound {
            h = max(1, Int(min(Double(W) / ratio.lowerBound, Double(H)).rounded(.toNearestOrEven)))
        } else if inRatio > ratio.upperBound {
            w = max(1, Int(min(Double(H) * ratio.upperBound, Double(W)).rounded(.toNearestOrEven)))
        }
        return Window(x: (W - w) / 2, y: (H - h) / 2, width: w, height: h)
    }
}
