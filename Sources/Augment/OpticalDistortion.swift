import Core
import Tensor

/// Barrel/pincushion distortion with OpenCV's camera model (`cv2.initUndistortRectifyMap`
/// with D = [k, k, 0, 0, 0]): k = U(distort_limit), a principal-point shift
/// dx, dy = round(U(shift_limit)) (half to even, so |shift_limit| ≤ 0.5 never shifts), and
/// focal length f = W on both axes. Output (u, v) has normalised coordinates
/// `x = (u − (W−1)/2)/f`, `y = (v − (H−1)/2)/f`, `r² = x² + y²`, and reads the source at
/// `(f·x·(1 + k r² + k r⁴) + (W−1)/2 + dx, f·y·(1 + k r² + k r⁴) + (H−1)/2 + dy)`.
/// albumentations puts the source centre at W/2, a half-pixel shift even at k = 0; Pleura
/// centres both at (W−1)/2, so k = 0 is the identity.
public struct OpticalDistortion: Transform {
    public static let name = "optical"
    public let distortLimit: ClosedRange<Double>
    public let shiftLimit: ClosedRange<Double>
    let border: Border
    public let p: Double

    public init(distortLimit: ClosedRange<Double> = -0.05...0.05, shiftLimit: ClosedRange<Double> = -0.05...0.05,
                borderMode: BorderMode = .reflect101, value: Float = 0, maskValue: UInt8 = 0, p: Double = 0.5) throws {
        try requireProbability(p, Self.name)
        try requireFinite(distortLimit.lowerBound, distortLimit.upperBound, in: Self.name, "distort_limit")
        try requireFinite(shiftLimit.lowerBound, shiftLimit.upperBound, in: Self.name, "shift_limit")
        border = try makeBorder(borderMode, value, maskValue, Self.name)
        self.distortLimit = distortLimit
        self.shiftLimit = shiftLimit
        self.p = p
    }

    public var spec: TransformSpec {
        TransformSpec(Self.name, [.init("distort_limit", limitValue(distortLimit)),
                                  .init("shift_limit", limitValue(shiftLimit))]
                      + borderArguments(border) + [.init("p", .number(p))])
    }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        let k = rng.uniform(distortLimit.lowerBound, distortLimit.upperBound)
        let dx = rng.uniform(shiftLimit.lowerBound, shiftLimit.upperBound).rounded(.toNearestOrEven)
        let dy = rng.uniform(shiftLimit.lowerBound, shiftLimit.upperBound).rounded(.toNearestOrEven)
        drawn.append(Drawn(Self.name, [.init("k", k), .init("dx", dx), .init("dy", dy)]))
        let map = LensMap(k: k, width: pair.width, height: pair.height, dx: dx, dy: dy)
        return remap(pair, width: pair.width, height: pair.height, map: map, border: border)
    }
}

/// The radial map of `OpticalDistortion`.
struct LensMap: CoordinateMap {
    let k, focal, cx, cy, dx, dy: Double
    /// The normalised x of each output column, `(u − cx)/f`: the same for every row, so
    /// worked out once.
    let columns: [Double]

    init(k: Double, width: Int, height: Int, dx: Double, dy: Double) {
        let f = Double(width), centre = Double(width - 1) / 2
        self.k = k
        self.dx = dx
        self.dy = dy
        focal = f
        cx = centre
        cy = Double(height - 1) / 2
        columns = (0..<width).map { (Double($0) - centre) / f }
    }

    func sourceRow(_ v: Int, width: Int, xs: UnsafeMutablePointer<Float>, ys: UnsafeMutablePointer<Float>) {
        let y = (Double(v) - cy) / focal
        columns.withUnsafeBufferPointer { columns in
            for u in 0..<width {
                let x = columns[u]
                let r2 = x * x + y * y
                let radial = 1 + k * r2 + k * r2 * r2
                xs[u] = Float(focal * x * radial + cx + dx)
                ys[u] = Float(focal * y * radial + cy + dy)
            }
        }
    }
}
