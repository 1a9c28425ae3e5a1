import Imaging
import Tensor

/// Resizing for display. Shrinking averages each target pixel's source box (so a 1024-pixel
/// X-ray keeps its texture at 64 columns); enlarging repeats pixels (so small maps stay crisp).
enum Resample {
    /// The source index range that target index `i` of `target` covers in `source`.
    @inline(__always)
    static func span(_ i: Int, target: Int, source: Int) -> Range<Int> {
        let lo = i * source / target
        let hi = max(lo + 1, ((i + 1) * source + target - 1) / target)
        return lo..<min(hi, source)
    }

    /// `image` resized to `width` x `height` (box average when shrinking, nearest when enlarging).
    static func image(_ image: Image, width: Int, height: Int) -> [Float] {
        if width == image.width, height == image.height { return image.pixels }
        return image.pixels.withUnsafeBufferPointer { src in
            boxes(width: width, height: height, sourceWidth: image.width, sourceHeight: image.height, empty: 0) { ys, xs in
                var sum: Float = 0
                for sy in ys {
                    let row = sy * image.width
                    for sx in xs { sum += src[row + sx] }
                }
                return sum / Float(ys.count * xs.count)
            }
        }
    }

    /// `mask` resized to `width` x `height`: a target pixel is set when any pixel of its source
    /// box is, so a small pneumothorax stays visible in a thumbnail.
    static func mask(_ mask: Mask, width: Int, height: Int) -> [Bool] {
        if width == mask.width, height == mask.height { return mask.pixels.map { $0 != 0 } }
        return mask.pixels.withUnsafeBufferPointer { src in
            boxes(width: width, height: height, sourceWidth: mask.width, sourceHeight: mask.height, empty: false) { ys, xs in
                for sy in ys {
                    let row = sy * mask.width
                    for sx in xs where src[row + sx] != 0 { return true }
                }
                return false
            }
        }
    }

    /// A `width` x `height` grid whose every pixel is `reduce` of its source box, rows in
    /// parallel; all `empty` when the source has no pixels.
    private static func boxes<T>(width: Int, height: Int, sourceWidth sw: Int, sourceHeight sh: Int, empty: T,
                                 _ reduce: (Range<Int>, Range<Int>) -> T) -> [T] {
        var out = [T](repeating: empty, count: width * height)
        guard sw > 0, sh > 0 else { return out }
        out.withUnsafeMutableBufferPointer { dst in
            Parallel.chunks(height, minChunk: 8) { rows in
                for y in rows {
                    let ys = span(y, target: height, source: sh)
                    for x in 0..<width { dst[y * width + x] = reduce(ys, span(x, target: width, source: sw)) }
                }
            }
        }
        return out
    }
}
