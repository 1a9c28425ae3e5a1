import Foundation
import Core
import Imaging
import Tensor

/// One procedural chest radiograph with its ground truth: body outline, two lungs with
/// branching vessels, ribs, mediastinum and heart, diaphragm domes, noise, and (in about
/// one image in five) pneumothorax drawn as pleural air along the apex or the lateral
/// edge of a lung: darker, without lung markings, behind a thin pleural line.
///
/// Brightness, contrast, gamma and a slow intensity gradient vary per image, and the air
/// outside the body is darker still, so no single threshold separates pneumothorax.
public struct SynthRadiograph: Sendable {
    /// Width and height in pixels.
    public let size: Int
    /// 8-bit intensities, row-major.
    public let pixels: [UInt8]
    /// The lung fields.
    public let lungs: Mask
    /// One mask per pneumothorax region (regions may touch or overlap); empty when negative.
    public let regions: [Mask]
    public let metadata: Metadata

    /// The intensities scaled to [0, 1].
    public var image: Image {
        Image(width: size, height: size, pixels: pixels.map { Float($0) / 255 })
    }

    /// The union of the regions.
    public var mask: Mask {
        var union = Mask(width: size, height: size)
        for region in regions {
            for k in union.pixels.indices where region.pixels[k] != 0 { union.pixels[k] = 1 }
        }
        return union
    }

    /// Draws one radiograph of `size` x `size` (at least 32) from `rng`; `positiveRate` is
    /// the chance that it shows pneumothorax.
    public init(size: Int, positiveRate: Double = 0.22, rng: inout SeededGenerator) {
        let s = max(32, size)
        let anatomy = Anatomy(size: s, rng: &rng)
        let lesions = rng.chance(positiveRate) ? Pleural.regions(in: anatomy, rng: &rng) : []
        metadata = Metadata(sex: rng.chance(0.55) ? "M" : "F", age: 18 + rng.int(below: 73),
                            view: rng.chance(0.6) ? "PA" : "AP")
        var renderer = Renderer(anatomy: anatomy, lesions: lesions, rng: &rng)
        let (pixels, lungs, drawn) = renderer.draw()
        self.pixels = pixels
        self.lungs = lungs
        // A crescent cut away entirely by the heart or the diaphragm marks nothing.
        regions = drawn.filter { !$0.isEmpty }
        self.size = s
    }
}

/// A lung field: an ellipse, cut below by the diaphragm dome and medially by the heart.
struct Lung {
    var cx: Double, cy: Double, rx: Double, ry: Double
    /// +1 when the lateral edge is on the image's right, -1 on its left.
    var side: Double

    /// Elliptic radius (1 on the outline) and angle (0 = image right, -π/2 = apex) of (x, y).
    func polar(_ x: Double, _ y: Double) -> (r: Double, theta: Double) {
        let u = (x - cx) / rx, v = (y - cy) / ry
        return ((u * u + v * v).squareRoot(), atan2(v, u))
    }

    /// The diaphragm: a dome whose top is at 0.55 ry below the centre.
    func aboveDiaphragm(_ x: Double, _ y: Double) -> Bool {
        let u = (x - cx) / rx
        return y < cy + ry * (0.45 + 0.35 * u * u)
    }
}

/// The fixed anatomy of one image, in pixels.
struct Anatomy {
    let size: Int
    let lungs: [Lung]
    /// Body outline (an ellipse) and the heart (an ellipse overlapping the lower medial lungs).
    let bodyRX: Double, bodyRY: Double, bodyCY: Double
    let heartCX: Double, heartCY: Double, heartRX: Double, heartRY: Double
    /// Soft tissue, lung and outside-air levels before the per-image exposure.
    let tissue: Double, lungLevel: Double, outside: Double
    /// Exposure: contrast, brightness, gamma, noise and the direction of a slow gradient.
    let contrast: Double, brightness: Double, gamma: Double, noise: Double
    let gradientX: Double, gradientY: Double

    init(size: Int, rng: inout SeededGenerator) {
        self.size = size
        let s = Double(size)
        let mid = s * rng.uniform(0.48, 0.52)
        let gap = s * rng.uniform(0.045, 0.07)         // half the mediastinum width at the hila
        let cy = s * rng.uniform(0.46, 0.52)
        lungs = [-1.0, 1.0].map { side in
            let rx = s * rng.uniform(0.16, 0.2), ry = s * rng.uniform(0.3, 0.36)
            return Lung(cx: mid + side * (gap + rx * 0.95), cy: cy, rx: rx, ry: ry, side: side)
        }
        bodyRX = s * rng.uniform(0.43, 0.49)
        bodyRY = s * rng.uniform(0.75, 0.85)
        bodyCY = s * rng.uniform(0.62, 0.68)
        heartCX = mid + s * rng.uniform(0.03, 0.07)
        heartCY = cy + s * rng.uniform(0.17, 0.22)
        heartRX = s * rng.uniform(0.13, 0.17)
        heartRY = s * rng.uniform(0.1, 0.13)
        tissue = rng.uniform(0.55, 0.68)
        lungLevel = rng.uniform(0.24, 0.34)
        outside = rng.uniform(0.02, 0.12)
        contrast = rng.uniform(0.75, 1.25)
        brightness = rng.uniform(-0.1, 0.1)
        gamma = rng.uniform(0.8, 1.25)
        noise = rng.uniform(0.01, 0.03)
        let angle = rng.uniform(0, 2 * Double.pi), strength = rng.uniform(0, 0.12)
        gradientX = strength * cos(angle)
        gradientY = strength * sin(angle)
    }

    func inBody(_ x: Double, _ y: Double) -> Bool {
        let u = (x - Double(size) / 2) / bodyRX, v = (y - bodyCY) / bodyRY
        return u * u + v * v < 1
    }

    func inHeart(_ x: Double, _ y: Double) -> Bool {
        let u = (x - heartCX) / heartRX, v = (y - heartCY) / heartRY
        return u * u + v * v < 1
    }

    /// Which lung (index) holds (x, y), if any.
    func lung(at x: Double, _ y: Double) -> Int? {
        for (i, lung) in lungs.enumerated() where lung.polar(x, y).r < 1 {
            return lung.aboveDiaphragm(x, y) && !inHeart(x, y) ? i : nil
        }
        return nil
    }
}

/// A pneumothorax: a crescent of pleural air between the chest wall and the collapsed lung.
struct Pleural {
    let lung: Int
    /// The angle the crescent centres on and its half span (radians).
    let centre: Double, halfSpan: Double
    /// The deepest collapse, as a fraction of the elliptic radius.
    let depth: Double

    /// How far (in elliptic radius) the lung has collapsed at `theta`; 0 outside the span.
    func collapse(at theta: Double) -> Double {
        var d = theta - centre
        if d > .pi { d -= 2 * .pi } else if d < -.pi { d += 2 * .pi }
        guard abs(d) < halfSpan else { return 0 }
        return depth * pow(cos(.pi / 2 * d / halfSpan), 0.6)
    }

    /// One to three regions: mostly one, at the apex or along the lateral edge.
    static func regions(in anatomy: Anatomy, rng: inout SeededGenerator) -> [Pleural] {
        let roll = rng.uniform()
        let count = roll < 0.78 ? 1 : roll < 0.94 ? 2 : 3
        let firstLung = rng.int(below: 2)
        return (0..<count).map { k in
            let lung = k == 0 ? firstLung : rng.int(below: 2)
            let side = anatomy.lungs[lung].side
            // The apex is at -π/2; the lateral edge at 0 (right lung) or π (left lung),
            // raised a little so the crescent stays above the diaphragm.
            let lateral = side > 0 ? -0.25 : -Double.pi + 0.25
            let centre = rng.chance(0.5) ? -Double.pi / 2 + side * rng.uniform(-0.2, 0.5) : lateral + side * rng.uniform(-0.3, 0.2)
            return Pleural(lung: lung, centre: centre, halfSpan: rng.uniform(0.35, 0.9), depth: rng.uniform(0.07, 0.35))
        }
    }
}

/// Rasterises an anatomy and its pneumothorax regions.
private struct Renderer {
    let anatomy: Anatomy
    let lesions: [Pleural]
    var rng: SeededGenerator

    init(anatomy: Anatomy, lesions: [Pleural], rng: inout SeededGenerator) {
        self.anatomy = anatomy
        self.lesions = lesions
        self.rng = rng.fork(1)
    }

    mutating func draw() -> ([UInt8], Mask, [Mask]) {
        let n = anatomy.size
        let vessels = vesselMap()
        let ribs = ribMap()
        let field = coarseNoise(cells: 8, amplitude: 0.035)
        let texture = coarseNoise(cells: max(4, n / 6), amplitude: 0.03)
        var pixels = [UInt8](repeating: 0, count: n * n)
        var lungs = Mask(width: n, height: n)
        var regions = lesions.map { _ in Mask(width: n, height: n) }
        let lineWidth = 1.3 / (anatomy.lungs[0].rx + anatomy.lungs[0].ry) * 2
        let a = anatomy
        let gammaTable = (0..<4096).map { UInt8(pow(Double($0) / 4095, a.gamma) * 255 + 0.5) }
        for y in 0..<n {
            let fy = Double(y) + 0.5
            for x in 0..<n {
                let fx = Double(x) + 0.5, k = y * n + x
                var v: Double
                if !a.inBody(fx, fy) {
                    v = a.outside
                } else if let l = a.lung(at: fx, fy) {
                    lungs.pixels[k] = 1
                    let (r, theta) = a.lungs[l].polar(fx, fy)
                    var air = false, pleuralLine = false
                    for (i, lesion) in lesions.enumerated() where lesion.lung == l {
                        let c = lesion.collapse(at: theta)
                        guard c > 0 else { continue }
                        if r > 1 - c {
                            air = true
                            regions[i].pixels[k] = 1
                        } else if r > 1 - c - lineWidth {
                            pleuralLine = true
                        }
                    }
                    if air {
                        v = a.lungLevel - 0.06
                    } else {
                        v = a.lungLevel + vessels[k] + texture[k] + (pleuralLine ? 0.13 : 0)
                    }
                } else {
                    // Soft tissue, brighter along the spine and over the heart.
                    let spine = max(0, 1 - abs(fx - Double(n) / 2) / (0.04 * Double(n)))
                    v = a.tissue + 0.12 * spine + (a.inHeart(fx, fy) ? 0.05 : 0)
                }
                if a.inBody(fx, fy) { v += ribs[k] }
                v += field[k] + a.gradientX * (fx / Double(n) - 0.5) + a.gradientY * (fy / Double(n) - 0.5)
                // Irwin-Hall noise (three uniforms, scaled to unit deviation) is close enough to
                // Gaussian for film grain and far cheaper than Box-Muller per pixel.
                let grain = 2 * (rng.uniform() + rng.uniform() + rng.uniform() - 1.5)
                v = a.contrast * (v - 0.45) + 0.45 + a.brightness + a.noise * grain
                pixels[k] = gammaTable[Int(min(max(v, 0), 1) * Double(gammaTable.count - 1) + 0.5)]
            }
        }
        return (pixels, lungs, regions)
    }

    /// Branching vessels from each hilum: brighter, thinner and fainter towards the periphery.
    mutating func vesselMap() -> [Double] {
        let n = anatomy.size
        var map = [Double](repeating: 0, count: n * n)
        for lung in anatomy.lungs {
            let hx = lung.cx - lung.side * lung.rx * 0.65, hy = lung.cy + lung.ry * 0.05
            for trunk in 0..<5 {
                let angle = (lung.side > 0 ? 0 : Double.pi) + lung.side * (-1.2 + 0.6 * Double(trunk)) + rng.uniform(-0.15, 0.15)
                branch(&map, x: hx, y: hy, angle: angle, length: lung.rx * rng.uniform(0.45, 0.6),
                       width: Double(n) / 180, strength: 0.12, depth: 5)
            }
        }
        return map
    }

    mutating func branch(_ map: inout [Double], x: Double, y: Double, angle: Double, length: Double,
                         width: Double, strength: Double, depth: Int) {
        let ex = x + length * cos(angle), ey = y + length * sin(angle)
        segment(&map, x, y, ex, ey, sigma: max(0.5, width), amplitude: strength)
        guard depth > 0 else { return }
        for turn in [-1.0, 1.0] {
            branch(&map, x: ex, y: ey, angle: angle + turn * rng.uniform(0.25, 0.6),
                   length: length * rng.uniform(0.6, 0.8), width: width * 0.75, strength: strength * 0.8,
                   depth: depth - 1)
        }
    }

    /// Adds a line from (x0, y0) to (x1, y1) with a Gaussian cross-section.
    func segment(_ map: inout [Double], _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double,
                 sigma: Double, amplitude: Double) {
        let n = anatomy.size, reach = 3 * sigma
        let lo = (x: max(0, Int(min(x0, x1) - reach)), y: max(0, Int(min(y0, y1) - reach)))
        let hi = (x: min(n - 1, Int(max(x0, x1) + reach)), y: min(n - 1, Int(max(y0, y1) + reach)))
        guard lo.x <= hi.x, lo.y <= hi.y else { return }
        let dx = x1 - x0, dy = y1 - y0, length2 = max(dx * dx + dy * dy, 1e-9)
        let inverse = 1 / (2 * sigma * sigma)
        map.withUnsafeMutableBufferPointer { m in
            for y in lo.y...hi.y {
                for x in lo.x...hi.x {
                    let px = Double(x) + 0.5 - x0, py = Double(y) + 0.5 - y0
                    let t = min(1, max(0, (px * dx + py * dy) / length2))
                    let ex = px - t * dx, ey = py - t * dy
                    let d2 = ex * ex + ey * ey
                    if d2 < reach * reach { m[y * n + x] += amplitude * exp(-d2 * inverse) }
                }
            }
        }
    }

    /// Posterior ribs: arcs curving down and out from the spine, with brighter cortical edges.
    mutating func ribMap() -> [Double] {
        let n = anatomy.size, s = Double(n)
        var map = [Double](repeating: 0, count: n * n)
        let top = anatomy.lungs[0].cy - anatomy.lungs[0].ry * 1.05
        let spacing = s * rng.uniform(0.062, 0.075), thickness = s * rng.uniform(0.018, 0.024)
        let mid = s / 2
        for lung in anatomy.lungs {
            let reach = lung.rx * 2.3
            for i in 0..<10 {
                let y0 = top + Double(i) * spacing + rng.uniform(-0.1, 0.1) * spacing
                let drop = s * rng.uniform(0.14, 0.2)
                for x in 0..<n {
                    let u = (Double(x) + 0.5 - mid) * lung.side / reach
                    guard u > 0.05, u < 1 else { continue }
                    // Up from the spine, then down and out along the chest wall.
                    let centre = y0 - drop * 0.3 * u + drop * u * u
                    for y in max(0, Int(centre - thickness))...min(n - 1, Int(centre + thickness)) {
                        let t = abs(Double(y) + 0.5 - centre) / thickness
                        guard t < 1 else { continue }
                        map[y * n + x] += 0.05 + 0.05 * t * t * t * t
                    }
                }
            }
        }
        return map
    }

    /// Smooth random variation: a `cells` x `cells` grid of normal values, bilinearly upsampled.
    mutating func coarseNoise(cells: Int, amplitude: Double) -> [Double] {
        let n = anatomy.size, g = cells + 1
        let grid = (0..<(g * g)).map { _ in amplitude * rng.normal() }
        var map = [Double](repeating: 0, count: n * n)
        let scale = Double(cells) / Double(n)
        for y in 0..<n {
            let gy = (Double(y) + 0.5) * scale, y0 = min(Int(gy), cells - 1), fy = gy - Double(y0)
            for x in 0..<n {
                let gx = (Double(x) + 0.5) * scale, x0 = min(Int(gx), cells - 1), fx = gx - Double(x0)
                let top = grid[y0 * g + x0] * (1 - fx) + grid[y0 * g + x0 + 1] * fx
                let bottom = grid[(y0 + 1) * g + x0] * (1 - fx) + grid[(y0 + 1) * g + x0 + 1] * fx
                map[y * n + x] = top * (1 - fy) + bottom * fy
            }
        }
        return map
    }
}
