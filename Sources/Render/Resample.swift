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
        var out = [Float](repeating: 0, count: width * height)
        guard image.width > 0, image.height > 0 else { return out }
        let sw = image.width, sh = image.height
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                Parallel.chunks(height, minChunk: 8) { rows in
                    for y in rows {
                        let ys = span(y, target: height, source: sh)
                        for x in 0..<width {
                            let xs = span(x, target: width, source: sw)
                            var sum: Float = 0
                            for sy in ys {
                                let row = sy * sw
                                for sx in xs { sum += src[row + sx] }
                            }
                            dst[y * width + x] = sum / Float(ys.count * xs.count)
                        }
                    }
                }
            }
        }
        return out
    }

    /// `mask` resized to `width` x `height`: a target pixel is set when any pixel of its source
    /// box is, so a small pneumothorax stays visible in a thumbnail.
    static func mask(_ mask: Mask, width: Int, height: Int) -> [Bool] {
        if width == mask.width, height == mask.height { return mask.pixels.map { $0 != 0 } }
        var out = [Bool](repeating: false, count: width * height)
        guard mask.width > 0, mask.height > 0 else { return out }
        let sw = mask.width, sh = mask.height
        mask.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                Parallel.chunks(height, minChunk: 8) { rows in
                    for y in rows {
                        let ys = span(y, target: height, source: sh)
                        for x in 0..<width {
                            let xs = span(x, target: width, source: sw)
                            var any = false
                            for sy in ys where !any {
                                let row = sy * sw
                                for sx in xs where src[row + sx] != 0 { any = true; break }
                            }
                            dst[y * width + x] = any
                        }
                    }
                }
            }
        }
        return out
    }
}
