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
    var rowsDone = [Float](unsafeUninitializedCapacity: w * ph) { _, count in count = w * ph }
    let out = [Float](unsafeUninitializedCapacity: w * h) { dst, count in
        kernel.withUnsafeBufferPointer { k in
        source.pixels.withUnsafeBufferPointer { src in
            rowsDone.withUnsafeMutableBufferPointer { mid in
                Parallel.chunks(ph, minChunk: max(1, 4_096 / w)) { rows in
                    for y in rows {
                        correlate(src.baseAddress! + y * pw, step: 1, k, into: mid.baseAddress! + y * w, count: w)
                    }
                }
            }
            rowsDone.withUnsafeBufferPointer { mid in
                Parallel.chunks(h, minChunk: max(1, 4_096 / w)) { rows in
                    for y in rows {
                        correlate(mid.baseAddress! + y * w, step: w, k, into: dst.baseAddress! + y * w, count: w)
                    }
                }
            }
        }}
        count = w * h
    }
    return Image(width: w, height: h, pixels: out)
}

/// `out[x] = Σ_t k[t]·s[x + t·step]` for x in 0..<count, each sum taken in tap order from 0,
/// as the plain loop `out[x] += k[t]·s[x + t·step]` over t would round it. Sixteen outputs at
/// a time stay in registers across all the taps, so each tap costs one load per four outputs
/// instead of a load and a store of the running sums as well.
@inline(__always)
private func correlate(_ s: UnsafePointer<Float>, step: Int, _ k: UnsafeBufferPointer<Float>,
                       into out: UnsafeMutablePointer<Float>, count: Int) {
    typealias V = SIMD4<Float>
    @inline(__always) func load(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
    @inline(__always) func store(_ v: V, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self) }
    var x = 0
    while x + 16 <= count {
        var a0 = V(), a1 = V(), a2 = V(), a3 = V()
        var p = s + x
        for t in 0..<k.count {
            let wt = V(repeating: k[t])
            a0 += wt * load(p)
            a1 += wt * load(p + 4)
            a2 += wt * load(p + 8)
            a3 += wt * load(p + 12)
            p += step
        }
        store(a0, out + x); store(a1, out + x + 4); store(a2, out + x + 8); store(a3, out + x + 12)
        x += 16
    }
    while x + 4 <= count {
        var a = V()
        var p = s + x
        for t in 0..<k.count {
            a += V(repeating: k[t]) * load(p)
            p += step
        }
        store(a, out + x)
        x += 4
    }
    while x < count {
        var a: Float = 0
        var p = s + x
        for t in 0..<k.count {
            a += k[t] * p.pointee
            p += step
        }
        out[x] = a
        x += 1
    }
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
