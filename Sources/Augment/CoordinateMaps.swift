/// The coordinate maps the geometric transforms hand to `remap`.

/// A map whose x depends only on the output column and y only on the output row:
/// resizes, crops and grid distortion. `remap` has a kernel of its own for it
/// (SeparableRemap.swift).
struct SeparableMap: Sendable {
    var columns: [Float]
    var rows: [Float]

    /// The half-pixel-centred resize map of `cv2.resize` INTER_LINEAR: output pixel X reads
    /// source `origin + (X + 0.5)·extent/count − 0.5`.
    static func resize(origin: Int, extent: Int, count: Int) -> [Float] {
        let scale = Double(extent) / Double(count)
        return (0..<count).map { Float(Double(origin) + (Double($0) + 0.5) * scale - 0.5) }
    }
}

/// A 2x3 affine map from output to source coordinates: `src = A·(x, y, 1)`.
struct AffineMap: CoordinateMap {
    var a: (Double, Double, Double, Double, Double, Double)

    static let identity = AffineMap(source: (1, 0, 0, 0, 1, 0))

    private init(source a: (Double, Double, Double, Double, Double, Double)) { self.a = a }

    /// The map that undoes the forward (source → output) affine `m`, as `cv2.warpAffine` does
    /// without WARP_INVERSE_MAP; nil when `m` is singular.
    init?(inverting m: (Double, Double, Double, Double, Double, Double)) {
        let det = m.0 * m.4 - m.1 * m.3
        guard det != 0, det.isFinite else { return nil }
        let i00 = m.4 / det, i01 = -m.1 / det, i10 = -m.3 / det, i11 = m.0 / det
        a = (i00, i01, -(i00 * m.2 + i01 * m.5), i10, i11, -(i10 * m.2 + i11 * m.5))
    }

    func apply(_ x: Double, _ y: Double) -> (Double, Double) {
        (a.0 * x + a.1 * y + a.2, a.3 * x + a.4 * y + a.5)
    }

    func sourceRow(_ y: Int, width: Int, xs: UnsafeMutablePointer<Float>, ys: UnsafeMutablePointer<Float>) {
        let fy = Double(y)
        for x in 0..<width {
            let (sx, sy) = apply(Double(x), fy)
            xs[x] = Float(sx); ys[x] = Float(sy)
        }
    }
}

/// A dense map: one source coordinate per output pixel (elastic transform).
struct FieldMap: CoordinateMap {
    var xs: [Float]
    var ys: [Float]

    func sourceRow(_ y: Int, width: Int, xs outX: UnsafeMutablePointer<Float>, ys outY: UnsafeMutablePointer<Float>) {
        xs.withUnsafeBufferPointer { fx in
        ys.withUnsafeBufferPointer { fy in
            let start = y * width
            outX.update(from: fx.baseAddress! + start, count: width)
            outY.update(from: fy.baseAddress! + start, count: width)
        }}
    }
}
