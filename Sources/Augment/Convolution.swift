import Imaging
import Tensor

/// Filters for the blurs and for smoothing elastic displacement fields. Both work on a copy
/// padded by the kernel radius, so the inner loops have no border logic and vectorise.

/// `image` extended by `r` pixels on every side with `mode` (the constant border is 0).
func padded(_ image: Image, by r: Int, mode: BorderMode) -> Image {
    let (w, h) = (image.width, image.height)
    let pw = w + 2 * r, ph = h + 2 * r
    var out = [Float](repeating: 0, count: pw * ph)
    guard w > 0, h > 0 else { return Image(width: pw, height: ph, pixels: out) }
    image.pixels.withUnsafeBufferPointer { src in
    out.withUnsafeMutableBufferPointer { dst in
        for py in 0..<ph {
            let y = mode.index(py - r, h)
            if y < 0 { continue }
            let from = src.baseAddress! + y * w, to = dst.baseAddress! + py * pw
            for px in 0..<r {
                let left = mode.index(px - r, w), right = mode.index(w + px, w)
                if left >= 0 { to[px] = from[left] }
                if right >= 0 { to[r + w + px] = from[right] }
            }
            (to + r).update(from: from, count: w)
        }
    }}
    return Image(width: pw, height: ph, pixels: out)
}

/// Correlates the image with `kernel` (odd length, centred) along x and then along y.
func separableFilter(_ image: Image, kernel: [Float], mode: BorderMode) -> Image {
    let r = kernel.count / 2
    let (w, h) = (image.width, image.height)
    guard w > 0, h > 0, r > 0 else { return image }
    let source = padded(image, by: r, mode: mode)
    let pw = source.width, ph = source.height
    var rowsDone = [Float](repeating: 0, count: w * ph)
    var out = [Float](repeating: 0, count: w * h)
    kernel.withUnsafeBufferPointer { k in
    source.pixels.withUnsafeBufferPointer { src in
        rowsDone.withUnsafeMutableBufferPointer { mid in
            Parallel.chunks(ph, minChunk: max(1, 4_096 / w)) { rows in
                for y in rows {
                    let s = src.baseAddress! + y * pw, d = mid.baseAddress! + y * w
                    for t in 0..<k.count {
                        let wt = k[t], st = s + t
                        for x in 0..<w { d[x] += wt * st[x] }
                    }
                }
            }
        }
        rowsDone.withUnsafeBufferPointer { mid in
        out.withUnsafeMutableBufferPointer { dst in
            Parallel.chunks(h, minChunk: max(1, 4_096 / w)) { rows in
                for y in rows {
                    let d = dst.baseAddress! + y * w
                    for t in 0..<k.count {
                        let wt = k[t], s = mid.baseAddress! + (y + t) * w
                        for x in 0..<w { d[x] += wt * s[x] }
                    }
                }
            }
        }}
    }}
    return Image(width: w, height: h, pixels: out)
}

/// A kernel entry: the weight of the source pixel at offset (dx, dy) from the output pixel.
struct Tap: Sendable, Equatable {
    var dx: Int, dy: Int, weight: Float
}

/// Correlates the image with a kernel given as its non-zero taps (offsets within ±`radius`).
func sparseFilter(_ image: Image, taps: [Tap], radius r: Int, mode: BorderMode) -> Image {
    let (w, h) = (image.width, image.height)
    guard w > 0, h > 0 else { return image }
    let source = padded(image, by: r, mode: mode)
    let pw = source.width
    var out = [Float](repeating: 0, count: w * h)
    taps.withUnsafeBufferPointer { taps in
    source.pixels.withUnsafeBufferPointer { src in
    out.withUnsafeMutableBufferPointer { dst in
        Parallel.chunks(h, minChunk: max(1, 4_096 / w)) { rows in
            for y in rows {
                let d = dst.baseAddress! + y * w
                for tap in taps {
                    let s = src.baseAddress! + (y + r + tap.dy) * pw + r + tap.dx
                    for x in 0..<w { d[x] += tap.weight * s[x] }
                }
            }
        }
    }}}
    return Image(width: w, height: h, pixels: out)
}
