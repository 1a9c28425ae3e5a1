import Imaging
import Tensor

/// A rectangle of the source that a remap reads from; the border mode applies at its edges.
/// Crops use it so that resizing a crop clamps at the crop's edges, as `cv2.resize` does.
struct Window: Sendable {
    var x: Int, y: Int, width: Int, height: Int

    static func covering(_ pair: Pair) -> Window { Window(x: 0, y: 0, width: pair.width, height: pair.height) }

    /// The offset of the window's top-left pixel in a source of row stride `stride`.
    func origin(stride: Int) -> Int { y * stride + x }
}

/// Where each output pixel is read from: the geometric part of a transform.
protocol CoordinateMap: Sendable {
    /// Writes the source coordinates of output row `y` (columns `0..<width`) into `xs` and `ys`,
    /// in pixel units of the source window with pixel centres at integers.
    func sourceRow(_ y: Int, width: Int, xs: UnsafeMutablePointer<Float>, ys: UnsafeMutablePointer<Float>)
}

/// The one resampling kernel behind every geometric transform whose map is not separable:
/// the image is sampled bilinearly and the mask with nearest neighbour (ties to even, as
/// `cv2.remap` rounds), both at the same coordinates. Rows run in parallel.
///
/// Each row goes in two passes: the coordinates are split into whole pixels and fractions
/// four at a time (`SampleGrid`), then a scalar pass gathers, with one unsigned compare per
/// axis deciding whether all four neighbours lie inside; only samples near the border take
/// the border mode's path. The arithmetic per sample is the straightforward formula's.
func remap<M: CoordinateMap>(_ pair: Pair, window: Window? = nil, width: Int, height: Int,
                             map: M, border: Border) -> Pair {
    let win = window ?? .covering(pair)
    if width == 0 || height == 0 || win.width == 0 || win.height == 0 {
        return emptyRemap(width: width, height: height)
    }
    let stride = pair.width, origin = win.origin(stride: stride)
    // x0 ∈ [0, W−2] and y0 ∈ [0, H−2] put all four neighbours inside: one unsigned compare each.
    let innerColumns = UInt(win.width - 1), innerRows = UInt(win.height - 1)
    let maskColumns = UInt(win.width), maskRows = UInt(win.height)
    return pairFilled(width: width, height: height) { dst, dstMask in
    pair.image.pixels.withUnsafeBufferPointer { src in
    pair.mask.pixels.withUnsafeBufferPointer { srcMask in
        let s = src.baseAddress! + origin, m = srcMask.baseAddress! + origin
        Parallel.chunks(height, minChunk: max(1, 8_192 / width)) { rows in
            let grid = SampleGrid(width: width)
            defer { grid.deallocate() }
            for y in rows {
                map.sourceRow(y, width: width, xs: grid.xs, ys: grid.ys)
                grid.split(count: width)
                let d = dst + y * width, dm = dstMask + y * width
                for x in 0..<width {
                    let x0 = Int(grid.x0[x]), y0 = Int(grid.y0[x])
                    let ax = grid.xs[x], ay = grid.ys[x]
                    if UInt(bitPattern: x0) < innerColumns && UInt(bitPattern: y0) < innerRows {
                        let i = y0 &* stride &+ x0, j = i &+ stride
                        let top = s[i] + ax * (s[i &+ 1] - s[i])
                        let bottom = s[j] + ax * (s[j &+ 1] - s[j])
                        d[x] = top + ay * (bottom - top)
                    } else {
                        d[x] = bilinearAtBorder(s, stride: stride, win, border, x0, y0, ax, ay)
                    }
                    let nx = Int(grid.nearestX[x]), ny = Int(grid.nearestY[x])
                    if UInt(bitPattern: nx) < maskColumns && UInt(bitPattern: ny) < maskRows {
                        dm[x] = m[ny &* stride &+ nx]
                    } else {
                        dm[x] = nearestAtBorder(m, stride: stride, win, border, nx, ny)
                    }
                }
            }
        }
    }}}
}

/// A `width` x `height` pair whose image and mask `fill` writes in full, without zeroing
/// them first.
func pairFilled(width: Int, height: Int,
                _ fill: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<UInt8>) -> Void) -> Pair {
    let n = width * height
    var mask: [UInt8] = []
    let image = [Float](unsafeUninitializedCapacity: n) { pixels, count in
        mask = [UInt8](unsafeUninitializedCapacity: n) { labels, maskCount in
            fill(pixels.baseAddress!, labels.baseAddress!)
            maskCount = n
        }
        count = n
    }
    return Pair(checked: Image(width: width, height: height, pixels: image), Mask(width: width, height: height, pixels: mask))
}

/// The all-zero pair a remap returns when the output or the window is empty.
func emptyRemap(width: Int, height: Int) -> Pair {
    Pair(checked: Image(width: width, height: height), Mask(width: width, height: height))
}

/// A bilinear sample whose neighbours are not all inside the window: each index goes
/// through the border mode (`s` points at the window's top-left pixel).
func bilinearAtBorder(_ s: UnsafePointer<Float>, stride: Int, _ win: Window, _ border: Border,
                      _ x0: Int, _ y0: Int, _ ax: Float, _ ay: Float) -> Float {
    let mode = border.mode
    let xa = mode.index(x0, win.width), xb = mode.index(x0 + 1, win.width)
    let ya = mode.index(y0, win.height), yb = mode.index(y0 + 1, win.height)
    @inline(__always) func at(_ x: Int, _ y: Int) -> Float {
        x < 0 || y < 0 ? border.value : s[y * stride + x]
    }
    let top = at(xa, ya) + ax * (at(xb, ya) - at(xa, ya))
    let bottom = at(xa, yb) + ax * (at(xb, yb) - at(xa, yb))
    return top + ay * (bottom - top)
}

/// A nearest-neighbour mask sample outside the window, through the border mode.
func nearestAtBorder(_ m: UnsafePointer<UInt8>, stride: Int, _ win: Window, _ border: Border,
                     _ nx: Int, _ ny: Int) -> UInt8 {
    let x = border.mode.index(nx, win.width), y = border.mode.index(ny, win.height)
    return x < 0 || y < 0 ? border.maskValue : m[y * stride + x]
}
