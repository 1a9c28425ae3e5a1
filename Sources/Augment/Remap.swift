import Imaging
import Tensor

/// A rectangle of the source that a remap reads from; the border mode applies at its edges.
/// Crops use it so that resizing a crop clamps at the crop's edges, as `cv2.resize` does.
struct Window: Sendable {
    var x: Int, y: Int, width: Int, height: Int

    static func covering(_ pair: Pair) -> Window { Window(x: 0, y: 0, width: pair.width, height: pair.height) }
}

/// Where each output pixel is read from: the geometric part of a transform.
protocol CoordinateMap: Sendable {
    /// Writes the source coordinates of output row `y` (columns `0..<width`) into `xs` and `ys`,
    /// in pixel units of the source window with pixel centres at integers.
    func sourceRow(_ y: Int, width: Int, xs: UnsafeMutablePointer<Float>, ys: UnsafeMutablePointer<Float>)
}

/// Coordinates are clamped into ±`coordinateLimit` before they become indices, so a wild map
/// (huge strengths, NaN) lands in the border; below 2^22 `nearestInteger` is exact.
private let coordinateLimit: Float = 4_194_304

/// x clamped into ±coordinateLimit, with NaN sent to the lower end.
@inline(__always)
private func clampCoordinate(_ x: Float) -> Float {
    x > -coordinateLimit ? (x < coordinateLimit ? x : coordinateLimit) : -coordinateLimit
}

/// x rounded to the nearest integer, ties to even (|x| ≤ 2^22). Adding 1.5·2^23 leaves no
/// fraction bits, so the FPU's default rounding does the work, and the integer sits in the
/// low bits of the sum: no libm call and no checked conversion in the inner loop.
@inline(__always)
private func nearestInteger(_ x: Float) -> Int {
    let magic: Float = 12_582_912
    return Int(Int32(bitPattern: (x + magic).bitPattern) &- Int32(bitPattern: magic.bitPattern))
}

/// The largest integer not above x (|x| ≤ 2^22).
@inline(__always)
private func floorToInt(_ x: Float) -> Int {
    let r = nearestInteger(x)
    return Float(r) > x ? r &- 1 : r
}

/// The one resampling kernel behind every geometric transform that takes a coordinate map:
/// the image is sampled bilinearly and the mask with nearest neighbour (ties to even, as
/// `cv2.remap` rounds), both at the same coordinates. Rows run in parallel.
func remap<M: CoordinateMap>(_ pair: Pair, window: Window? = nil, width: Int, height: Int,
                             map: M, border: Border) -> Pair {
    let win = window ?? .covering(pair)
    var outImage = [Float](repeating: 0, count: width * height)
    var outMask = [UInt8](repeating: 0, count: width * height)
    if width == 0 || height == 0 || win.width == 0 || win.height == 0 {
        return Pair(checked: Image(width: width, height: height, pixels: outImage),
                    Mask(width: width, height: height, pixels: outMask))
    }
    let stride = pair.width
    pair.image.pixels.withUnsafeBufferPointer { src in
    pair.mask.pixels.withUnsafeBufferPointer { srcMask in
    outImage.withUnsafeMutableBufferPointer { dst in
    outMask.withUnsafeMutableBufferPointer { dstMask in
        Parallel.chunks(height, minChunk: max(1, 8_192 / width)) { rows in
            let xs = UnsafeMutablePointer<Float>.allocate(capacity: width)
            let ys = UnsafeMutablePointer<Float>.allocate(capacity: width)
            defer { xs.deallocate(); ys.deallocate() }
            for y in rows {
                map.sourceRow(y, width: width, xs: xs, ys: ys)
                let rowStart = y * width
                for x in 0..<width {
                    let sx = clampCoordinate(xs[x]), sy = clampCoordinate(ys[x])
                    dst[rowStart &+ x] = bilinear(src, stride: stride, win, border, sx, sy)
                    dstMask[rowStart &+ x] = nearest(srcMask, stride: stride, win, border, sx, sy)
                }
            }
        }
    }}}}
    return Pair(checked: Image(width: width, height: height, pixels: outImage),
                Mask(width: width, height: height, pixels: outMask))
}

@inline(__always)
private func bilinear(_ src: UnsafeBufferPointer<Float>, stride: Int, _ win: Window, _ border: Border,
                      _ sx: Float, _ sy: Float) -> Float {
    let x0 = floorToInt(sx), y0 = floorToInt(sy)
    let ax = sx - Float(x0), ay = sy - Float(y0)
    if x0 >= 0 && x0 + 1 < win.width && y0 >= 0 && y0 + 1 < win.height {
        // In bounds, so the index arithmetic cannot overflow.
        let i = (win.y &+ y0) &* stride &+ win.x &+ x0, j = i &+ stride
        let top = src[i] + ax * (src[i &+ 1] - src[i])
        let bottom = src[j] + ax * (src[j &+ 1] - src[j])
        return top + ay * (bottom - top)
    }
    let mode = border.mode
    let xa = mode.index(x0, win.width), xb = mode.index(x0 + 1, win.width)
    let ya = mode.index(y0, win.height), yb = mode.index(y0 + 1, win.height)
    @inline(__always) func at(_ x: Int, _ y: Int) -> Float {
        x < 0 || y < 0 ? border.value : src[(win.y + y) * stride + win.x + x]
    }
    let top = at(xa, ya) + ax * (at(xb, ya) - at(xa, ya))
    let bottom = at(xa, yb) + ax * (at(xb, yb) - at(xa, yb))
    return top + ay * (bottom - top)
}

@inline(__always)
private func nearest(_ src: UnsafeBufferPointer<UInt8>, stride: Int, _ win: Window, _ border: Border,
                     _ sx: Float, _ sy: Float) -> UInt8 {
    var x = nearestInteger(sx), y = nearestInteger(sy)
    if x < 0 || x >= win.width || y < 0 || y >= win.height {
        x = border.mode.index(x, win.width)
        y = border.mode.index(y, win.height)
        if x < 0 || y < 0 { return border.maskValue }
    }
    return src[(win.y &+ y) &* stride &+ win.x &+ x]
}
