import Foundation
import Core
import Imaging
import Tensor

/// Elastic deformation as albumentations 0.x–1.3 defines it, resampled once:
/// 1. a random affine A moves the three points `c + (s, s)`, `c + (s, −s)`, `c − (s, s)`
///    (c = (H//2, W//2), s = min(H, W)//3) by U(−alpha_affine, alpha_affine) each coordinate;
/// 2. displacement fields `dx, dy = alpha · G_σ * U(−1, 1)^{H×W}`, where G_σ is scipy's
///    `gaussian_filter` (mode "reflect", radius int(4σ + 0.5));
/// 3. output (x, y) reads the source at `A⁻¹(x + dx, y + dy)`.
/// albumentations warps by A and then remaps, interpolating twice; Pleura composes the two
/// maps and interpolates once, which is sharper and keeps the mask to one nearest lookup.
public struct ElasticTransform: Transform {
    public static let name = "elastic"
    public let alpha: Double
    public let sigma: Double
    public let alphaAffine: Double
    let border: Border
    public let p: Double

    /// σ above this is refused: the blur's padded copy grows with 4σ.
    static let largestSigma = 64.0

    public init(alpha: Double = 1, sigma: Double = 50, alphaAffine: Double = 50, borderMode: BorderMode = .reflect101,
                value: Float = 0, maskValue: UInt8 = 0, p: Double = 0.5) throws {
        try requireProbability(p, Self.name)
        try require(alpha >= 0 && alpha.isFinite, Self.name, "alpha", "must be a non-negative number")
        try require(sigma > 0 && sigma <= Self.largestSigma, Self.name, "sigma",
                    "must be in (0, \(formatNumber(Self.largestSigma))], got \(formatNumber(sigma))")
        try require(alphaAffine >= 0 && alphaAffine.isFinite, Self.name, "alpha_affine", "must be a non-negative number")
        border = try makeBorder(borderMode, value, maskValue, Self.name)
        self.alpha = alpha
        self.sigma = sigma
        self.alphaAffine = alphaAffine
        self.p = p
    }

    public var spec: TransformSpec {
        TransformSpec(Self.name, [.init("alpha", .number(alpha)), .init("sigma", .number(sigma)),
                                  .init("alpha_affine", .number(alphaAffine))]
                      + borderArguments(border) + [.init("p", .number(p))])
    }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        let (w, h) = (pair.width, pair.height)
        let c = (Double(h / 2), Double(w / 2))
        let s = Double(min(h, w) / 3)
        let from = [(c.0 + s, c.1 + s), (c.0 + s, c.1 - s), (c.0 - s, c.1 - s)]
        let to = from.map { ($0.0 + rng.uniform(-alphaAffine, alphaAffine), $0.1 + rng.uniform(-alphaAffine, alphaAffine)) }
        let dx = displacementField(width: w, height: h, &rng)
        let dy = displacementField(width: w, height: h, &rng)
        // Images under 3 px a side have no three distinct anchor points: no affine part then.
        let affine = affineThrough(from, to).flatMap(AffineMap.init(inverting:)) ?? .identity
        var xs = [Float](repeating: 0, count: w * h), ys = xs
        xs.withUnsafeMutableBufferPointer { xs in
        ys.withUnsafeMutableBufferPointer { ys in
        dx.withUnsafeBufferPointer { dx in
        dy.withUnsafeBufferPointer { dy in
            for y in 0..<h {
                for x in 0..<w {
                    let i = y &* w &+ x
                    let (sx, sy) = affine.apply(Double(x) + alpha * Double(dx[i]), Double(y) + alpha * Double(dy[i]))
                    xs[i] = Float(sx)
                    ys[i] = Float(sy)
                }
            }
        }}}}
        let largestShift = largestDisplacement(xs, ys, width: w, height: h).squareRoot()
        drawn.append(Drawn(Self.name, [.init("alpha", alpha), .init("sigma", sigma), .init("max_shift", Double(largestShift))]))
        return remap(pair, width: w, height: h, map: FieldMap(xs: xs, ys: ys), border: border)
    }

    /// `gaussian_filter(U(−1, 1)^{H×W}, σ, mode="reflect", truncate=4)`, drawn row by row
    /// (the caller scales it by alpha while it builds the map). A Float needs 24 random bits,
    /// so each 64-bit draw gives two noise values, high half first.
    private func displacementField(width: Int, height: Int, _ rng: inout SeededGenerator) -> [Float] {
        let count = width * height
        var noise = [Float](repeating: 0, count: count)
        noise.withUnsafeMutableBufferPointer { noise in
            var i = 0
            while i < count {
                let bits = rng.next()
                noise[i] = uniformSigned(UInt32(truncatingIfNeeded: bits >> 40))
                if i + 1 < count { noise[i + 1] = uniformSigned(UInt32(truncatingIfNeeded: (bits >> 8) & 0xFF_FFFF)) }
                i += 2
            }
        }
        let radius = Int(4 * sigma + 0.5)
        let kernel = gaussianKernel(size: 2 * radius + 1, sigma: sigma)
        return separableFilter(Image(width: width, height: height, pixels: noise), kernel: kernel, mode: .reflect).pixels
    }
}

/// The largest squared distance `(xs[i] − x)² + (ys[i] − y)²` between an output pixel and
/// where it reads, 0 for none; NaN distances are skipped, as `max(m, d)` skips them.
/// Four lanes at a time: the maximum does not depend on the order it is taken in.
private func largestDisplacement(_ xs: [Float], _ ys: [Float], width w: Int, height h: Int) -> Float {
    typealias V = SIMD4<Float>
    var lanes = V()
    var largest: Float = 0
    xs.withUnsafeBufferPointer { xs in
    ys.withUnsafeBufferPointer { ys in
        let offsets = V(0, 1, 2, 3)
        for y in 0..<h {
            let fy = V(repeating: Float(y))
            let px = xs.baseAddress! + y * w, py = ys.baseAddress! + y * w
            var x = 0
            while x + 4 <= w {
                let ex = UnsafeRawPointer(px + x).loadUnaligned(as: V.self) - (V(repeating: Float(x)) + offsets)
                let ey = UnsafeRawPointer(py + x).loadUnaligned(as: V.self) - fy
                let d = ex * ex + ey * ey
                lanes.replace(with: d, where: d .>= lanes)
                x += 4
            }
            while x < w {
                let ex = px[x] - Float(x), ey = py[x] - Float(y)
                largest = max(largest, ex * ex + ey * ey)
                x += 1
            }
        }
    }}
    for lane in 0..<4 { largest = max(largest, lanes[lane]) }
    return largest
}

/// U[−1, 1) from 24 random bits: exact in Float.
@inline(__always)
private func uniformSigned(_ bits24: UInt32) -> Float {
    Float(bits24) * 0x1p-23 - 1
}

/// The affine that maps the three points `from` onto `to` (`cv2.getAffineTransform`), as
/// (a, b, c, d, e, f) with x' = a·x + b·y + c and y' = d·x + e·y + f; nil if they are collinear.
func affineThrough(_ from: [(Double, Double)], _ to: [(Double, Double)]) -> (Double, Double, Double, Double, Double, Double)? {
    let (p, q, r) = (from[0], from[1], from[2])
    let det = p.0 * (q.1 - r.1) - p.1 * (q.0 - r.0) + (q.0 * r.1 - r.0 * q.1)
    guard det != 0, det.isFinite else { return nil }
    // Cramer's rule on [x y 1]·(a, b, c) = target, once per output coordinate.
    func solve(_ t: (Double, Double, Double)) -> (Double, Double, Double) {
        let a = (t.0 * (q.1 - r.1) - p.1 * (t.1 - t.2) + (t.1 * r.1 - t.2 * q.1)) / det
        let b = (p.0 * (t.1 - t.2) - t.0 * (q.0 - r.0) + (q.0 * t.2 - r.0 * t.1)) / det
        let c = (p.0 * (q.1 * t.2 - r.1 * t.1) - p.1 * (q.0 * t.2 - r.0 * t.1) + t.0 * (q.0 * r.1 - r.0 * q.1)) / det
        return (a, b, c)
    }
    let x = solve((to[0].0, to[1].0, to[2].0))
    let y = solve((to[0].1, to[1].1, to[2].1))
    return (x.0, x.1, x.2, y.0, y.1, y.2)
}
