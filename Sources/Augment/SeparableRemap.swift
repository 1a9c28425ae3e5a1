import Imaging
import Tensor

/// `remap` for a map whose x depends only on the output column and y only on the output row
/// (resizes, crops, grid distortion). The same samples as the general kernel, computed in
/// less work:
/// - indices, fractions and border decisions are worked out once per column and once per
///   row instead of once per pixel;
/// - a bilinear sample is `top + ay·(bottom − top)`, where `top` and `bottom` are the
///   horizontal interpolations of source rows y0 and y0 + 1 at the column. They depend on the
///   source row and the column only, so each source row is interpolated once and kept while
///   consecutive output rows read it (an enlarging crop reads each source row for several output
///   rows), and the vertical step runs over whole rows.
/// Each sample is the same Float expression as the per-pixel formula, so the result is
/// identical to `remap` with the equivalent per-pixel map.
func remap(_ pair: Pair, window: Window? = nil, width: Int, height: Int, map: SeparableMap, border: Border) -> Pair {
    let win = window ?? .covering(pair)
    if width == 0 || height == 0 || win.width == 0 || win.height == 0 {
        return emptyRemap(width: width, height: height)
    }
    let columns = AxisSamples(map.columns.prefix(width), size: win.width, mode: border.mode)
    let rows = AxisSamples(map.rows.prefix(height), size: win.height, mode: border.mode)
    let stride = pair.width, origin = win.origin(stride: stride)
    return pairFilled(width: width, height: height) { dst, dstMask in
    pair.image.pixels.withUnsafeBufferPointer { src in
    pair.mask.pixels.withUnsafeBufferPointer { srcMask in
    columns.withPointers { c in
    rows.withPointers { r in
        let s = src.baseAddress! + origin, m = srcMask.baseAddress! + origin
        Parallel.chunks(height, minChunk: max(1, 8_192 / width)) { chunk in
            var cache = InterpolatedRows(width: width)
            defer { cache.deallocate() }
            for y in chunk {
                let (top, bottom) = cache.rows(r.below[y], r.above[y]) { sourceRow, out in
                    interpolateRow(sourceRow < 0 ? nil : s + sourceRow * stride, c, width: width,
                                   border: border, into: out)
                }
                let ay = r.fraction[y], d = dst + y * width
                for x in 0..<width { d[x] = top[x] + ay * (bottom[x] - top[x]) }
                let dm = dstMask + y * width, ny = r.nearest[y]
                if ny < 0 {
                    dm.update(repeating: border.maskValue, count: width)
                } else {
                    let row = m + ny * stride
                    for x in 0..<width {
                        let nx = c.nearest[x]
                        dm[x] = nx < 0 ? border.maskValue : row[nx]
                    }
                }
            }
        }
    }}}}}
}

/// `at(xa, r) + ax·(at(xb, r) − at(xa, r))` for every output column: the horizontal half of
/// the bilinear sample on source row `row` (nil: a row of the constant border).
private func interpolateRow(_ row: UnsafePointer<Float>?, _ c: AxisSamples.Pointers, width: Int,
                            border: Border, into out: UnsafeMutablePointer<Float>) {
    let value = border.value
    guard let row else {
        for x in 0..<width { out[x] = value + c.fraction[x] * (value - value) }
        return
    }
    if border.mode == .constant {
        for x in 0..<width {
            let a = c.below[x] < 0 ? value : row[c.below[x]]
            let b = c.above[x] < 0 ? value : row[c.above[x]]
            out[x] = a + c.fraction[x] * (b - a)
        }
    } else {
        // Every index is inside: the border modes other than constant always find a pixel.
        for x in 0..<width {
            let a = row[c.below[x]]
            out[x] = a + c.fraction[x] * (row[c.above[x]] - a)
        }
    }
}

/// One axis of a separable map, resolved once: for each output position the source index
/// below the coordinate and the one above it (through the border mode; −1 where the
/// constant border applies), the fraction between them, and the nearest index for the mask.
private struct AxisSamples {
    var below: [Int], above: [Int], nearest: [Int], fraction: [Float]

    init<C: Collection<Float>>(_ coordinates: C, size: Int, mode: BorderMode) {
        below = []; above = []; nearest = []; fraction = []
        for raw in coordinates {
            let v = clampCoordinate(raw)
            let x0 = floorToInt(v)
            below.append(mode.index(x0, size))
            above.append(mode.index(x0 + 1, size))
            nearest.append(mode.index(nearestInteger(v), size))
            fraction.append(v - Float(x0))
        }
    }

    struct Pointers {
        let below, above, nearest: UnsafePointer<Int>
        let fraction: UnsafePointer<Float>
    }

    func withPointers<R>(_ body: (Pointers) -> R) -> R {
        below.withUnsafeBufferPointer { b in
        above.withUnsafeBufferPointer { a in
        nearest.withUnsafeBufferPointer { n in
        fraction.withUnsafeBufferPointer { f in
            body(Pointers(below: b.baseAddress!, above: a.baseAddress!, nearest: n.baseAddress!, fraction: f.baseAddress!))
        }}}}
    }
}

/// Two horizontally interpolated source rows, kept by source row index so that consecutive
/// output rows reading the same source rows interpolate them once.
private struct InterpolatedRows {
    private let slots: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)
    /// The source row each slot holds; `Int.min` for none (−1 is the constant border's row).
    private var held = (Int.min, Int.min)

    init(width: Int) {
        slots = (.allocate(capacity: width), .allocate(capacity: width))
    }

    func deallocate() { slots.0.deallocate(); slots.1.deallocate() }

    /// The interpolations of source rows `a` and `b`, computing (with `fill`) those not held.
    mutating func rows(_ a: Int, _ b: Int,
                       fill: (Int, UnsafeMutablePointer<Float>) -> Void) -> (UnsafePointer<Float>, UnsafePointer<Float>) {
        let first = slot(for: a, keeping: b, fill)
        let second = slot(for: b, keeping: a, fill)
        return (UnsafePointer(first), UnsafePointer(second))
    }

    /// The slot holding `row`, filling one that does not hold `keep` if none does.
    private mutating func slot(for row: Int, keeping keep: Int,
                               _ fill: (Int, UnsafeMutablePointer<Float>) -> Void) -> UnsafeMutablePointer<Float> {
        if held.0 == row { return slots.0 }
        if held.1 == row { return slots.1 }
        if held.0 != keep {
            fill(row, slots.0)
            held.0 = row
            return slots.0
        }
        fill(row, slots.1)
        held.1 = row
        return slots.1
    }
}
