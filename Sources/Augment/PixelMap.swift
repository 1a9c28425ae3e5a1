import Imaging
import Tensor

/// A function of one pixel's value. A type rather than a closure so that `mapPixels` is
/// specialised for each one and the function is inlined into its loop (a closure cost a
/// call per pixel, and kept the loop from vectorising).
protocol PixelFunction: Sendable {
    func callAsFunction(_ x: Float) -> Float
}

/// Applies `f` to every pixel, in parallel chunks. The shared loop of the pixel transforms:
/// it reads the input and writes a fresh buffer in one pass (no copy made first).
func mapPixels<F: PixelFunction>(_ image: Image, _ f: F) -> Image {
    let n = image.count
    let out = [Float](unsafeUninitializedCapacity: n) { dst, count in
        image.pixels.withUnsafeBufferPointer { src in
            Parallel.chunks(n) { range in
                for i in range { dst[i] = f(src[i]) }
            }
        }
        count = n
    }
    return Image(width: image.width, height: image.height, pixels: out)
}

/// The mean intensity, accumulated in Double so the result does not depend on the image size.
func meanIntensity(_ image: Image) -> Double {
    guard image.count > 0 else { return 0 }
    return image.pixels.withUnsafeBufferPointer { px in
        var sum = 0.0
        for v in px { sum += Double(v) }
        return sum / Double(px.count)
    }
}
