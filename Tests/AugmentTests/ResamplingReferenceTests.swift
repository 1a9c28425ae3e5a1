import Augment
import Foundation
import Imaging
import Testing

/// The fast resampling kernels (row-wise coordinate splitting, per-axis tables and cached
/// row interpolation for separable maps, register-blocked filters) against the plain
/// per-pixel formulas written out here from the transforms' documentation: bilinear
/// `top + ay·(bottom − top)` with `top = p00 + ax·(p10 − p00)`, the mask at the nearest pixel
/// (ties to even), indices outside through the border mode, and blurs summed tap by tap.
/// The kernels promise the same Float expressions, so the comparisons are exact. The sizes
/// are not multiples of the vector width, so the tails are covered too.
@Suite struct ResamplingReferenceTests {
    let pair = Fixture.noise(width: 37, height: 29)

    @Test func shiftScaleRotateMatchesThePerPixelFormula() throws {
        for mode in BorderMode.allCases {
            let t = try ShiftScaleRotate(shiftLimit: 0.1...0.1, scaleLimit: 0.3...0.3, rotateLimit: 33...33,
                                         borderMode: mode, value: 0.7, maskValue: 1)
            let (out, drawn) = force(t, pair)
            let d = try #require(drawn.first)
            let (w, h) = (Double(pair.width), Double(pair.height))
            let a = d["scale"]! * cos(d["angle"]! * .pi / 180), b = d["scale"]! * sin(d["angle"]! * .pi / 180)
            // The forward matrix of cv2.getRotationMatrix2D about (W/2, H/2) plus the shift, inverted.
            let m = (a, b, (1 - a) * w / 2 - b * h / 2 + d["dx"]! * w, -b, a, b * w / 2 + (1 - a) * h / 2 + d["dy"]! * h)
            let det = m.0 * m.4 - m.1 * m.3
            let i = (m.4 / det, -m.1 / det, -m.3 / det, m.0 / det)
            let c = (-(i.0 * m.2 + i.1 * m.5), -(i.2 * m.2 + i.3 * m.5))
            let want = Reference.remap(pair, width: pair.width, height: pair.height, mode: mode, value: 0.7, maskValue: 1) { x, y in
                (Float(i.0 * Double(x) + i.1 * Double(y) + c.0), Float(i.2 * Double(x) + i.3 * Double(y) + c.1))
            }
            #expect(out == want, "\(mode)")
        }
    }

    @Test func opticalDistortionMatchesThePerPixelFormula() throws {
        for k in [0.4, -0.3] {
            let (out, _) = force(try OpticalDistortion(distortLimit: k...k, shiftLimit: 0...0), pair)
            let f = Double(pair.width), cx = Double(pair.width - 1) / 2, cy = Double(pair.height - 1) / 2
            let want = Reference.remap(pair, width: pair.width, height: pair.height, mode: .reflect101) { u, v in
                let x = (Double(u) - cx) / f, y = (Double(v) - cy) / f
                let r2 = x * x + y * y
                let radial = 1 + k * r2 + k * r2 * r2
                return (Float(f * x * radial + cx), Float(f * y * radial + cy))
            }
            #expect(out == want, "k = \(k)")
        }
    }

    /// A crop enlarged (every source row read by more than one output row) and a crop
    /// shrunk, each read with half-pixel centres and clamped at the crop's edges.
    @Test func cropsMatchThePerPixelResize() throws {
        let enlarge = try RandomSizedCrop(minMaxHeight: 11...17, height: 40, width: 45)
        let shrink = try RandomResizedCrop(height: 13, width: 9, scale: 0.5...0.9)
        let cases: [(any Transform, UInt64)] = [(enlarge, 1), (enlarge, 2), (shrink, 3), (shrink, 4)]
        for (t, seed) in cases {
            let (out, drawn) = force(t, pair, seed: seed)
            let d = try #require(drawn.first)
            let (x0, y0, cw, ch) = (Int(d["x"]!), Int(d["y"]!), Int(d["w"]!), Int(d["h"]!))
            func resize(_ i: Int, extent: Int, count: Int) -> Float {
                Float((Double(i) + 0.5) * (Double(extent) / Double(count)) - 0.5)
            }
            let want = Reference.remap(pair, window: (x0, y0, cw, ch), width: out.width, height: out.height,
                                       mode: .replicate) { x, y in
                (resize(x, extent: cw, count: out.width), resize(y, extent: ch, count: out.height))
            }
            #expect(out == want, "\(t) seed \(seed)")
        }
    }

    /// With equal ends to `distort_limit` every cell stretches by 1 + limit, so the map is
    /// known: column i of cell k reads `P_k + (i − start_k)·s`. Stretching past the edge reads
    /// the border, in every mode.
    @Test func gridDistortionMatchesItsKnots() throws {
        for mode in BorderMode.allCases {
            for limit in [0.25, -0.2] {
                let t = try GridDistortion(numSteps: 4, distortLimit: limit...limit, borderMode: mode, value: 0.3, maskValue: 1)
                let (out, _) = force(t, pair)
                // Cells of W // 4 pixels and a partial last one; the knots add up cell by cell.
                func axis(_ size: Int) -> [Float] {
                    let cell = size / 4, s = 1 + limit
                    var out: [Float] = [], knot = 0.0
                    for start in stride(from: 0, to: size, by: cell) {
                        let end = min(start + cell, size)
                        for i in start..<end { out.append(Float(knot + Double(i - start) * s)) }
                        knot += Double(end - start) * s
                    }
                    return out
                }
                let (columns, rows) = (axis(pair.width), axis(pair.height))
                let want = Reference.remap(pair, width: pair.width, height: pair.height, mode: mode, value: 0.3,
                                           maskValue: 1) { x, y in (columns[x], rows[y]) }
                #expect(out == want, "\(mode), limit \(limit)")
            }
        }
    }

    /// `cv2.GaussianBlur` with a 9-tap kernel of σ = 1.7, BORDER_REFLECT_101: rows first,
    /// then columns, each sum from 0 in tap order.
    @Test func gaussianBlurMatchesTheTapByTapSum() throws {
        let (out, _) = force(try GaussianBlur(blurLimit: 9...9, sigmaLimit: 1.7...1.7), pair)
        let raw = (0..<9).map { exp(-Double(($0 - 4) * ($0 - 4)) / (2 * 1.7 * 1.7)) }
        let kernel = raw.map { Float($0 / raw.reduce(0, +)) }
        let (w, h) = (pair.width, pair.height)
        func reflect101(_ i: Int, _ n: Int) -> Int { i < 0 ? -i : (i >= n ? 2 * n - 2 - i : i) }
        var rowsDone = [Float](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                var sum: Float = 0
                for t in 0..<9 { sum += kernel[t] * pair.image.pixels[y * w + reflect101(x + t - 4, w)] }
                rowsDone[y * w + x] = sum
            }
        }
        var want = [Float](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                var sum: Float = 0
                for t in 0..<9 { sum += kernel[t] * rowsDone[reflect101(y + t - 4, h) * w + x] }
                want[y * w + x] = sum
            }
        }
        #expect(out.image.pixels == want)
        #expect(out.mask == pair.mask)
    }
}

/// Resampling one pixel at a time, as the documentation states it.
enum Reference {
    /// The index inside 0..<n that stands for i under `mode`, −1 for the constant border.
    static func index(_ i: Int, _ n: Int, _ mode: BorderMode) -> Int {
        if i >= 0 && i < n { return i }
        switch mode {
        case .constant: return -1
        case .replicate: return i < 0 ? 0 : n - 1
        case .reflect101:
            if n == 1 { return 0 }
            let r = ((i % (2 * n - 2)) + 2 * n - 2) % (2 * n - 2)
            return r < n ? r : 2 * n - 2 - r
        case .reflect:
            let r = ((i % (2 * n)) + 2 * n) % (2 * n)
            return r < n ? r : 2 * n - 1 - r
        }
    }

    /// Output pixel (x, y) reads the window at `map(x, y)`: the image bilinearly, the mask at
    /// the nearest pixel, coordinates first clamped into ±2^22 (NaN to the lower end).
    static func remap(_ pair: Pair, window: (x: Int, y: Int, w: Int, h: Int)? = nil, width: Int, height: Int,
                      mode: BorderMode, value: Float = 0, maskValue: UInt8 = 0,
                      map: (Int, Int) -> (Float, Float)) -> Pair {
        let win = window ?? (0, 0, pair.width, pair.height)
        func pixel(_ x: Int, _ y: Int) -> Float {
            x < 0 || y < 0 ? value : pair.image.pixels[(win.y + y) * pair.width + win.x + x]
        }
        var image = Image(width: width, height: height)
        var mask = Mask(width: width, height: height)
        let limit: Float = 4_194_304
        for y in 0..<height {
            for x in 0..<width {
                var (sx, sy) = map(x, y)
                sx = sx > -limit ? min(sx, limit) : -limit
                sy = sy > -limit ? min(sy, limit) : -limit
                let fx = sx.rounded(.down), fy = sy.rounded(.down)
                let (ax, ay) = (sx - fx, sy - fy)
                let xa = index(Int(fx), win.w, mode), xb = index(Int(fx) + 1, win.w, mode)
                let ya = index(Int(fy), win.h, mode), yb = index(Int(fy) + 1, win.h, mode)
                let top = pixel(xa, ya) + ax * (pixel(xb, ya) - pixel(xa, ya))
                let bottom = pixel(xa, yb) + ax * (pixel(xb, yb) - pixel(xa, yb))
                image[x, y] = top + ay * (bottom - top)
                let nx = index(Int(sx.rounded(.toNearestOrEven)), win.w, mode)
                let ny = index(Int(sy.rounded(.toNearestOrEven)), win.h, mode)
                mask[x, y] = nx < 0 || ny < 0 ? maskValue : pair.mask.pixels[(win.y + ny) * pair.width + win.x + nx]
            }
        }
        return try! Pair(image: image, mask: mask)
    }
}
