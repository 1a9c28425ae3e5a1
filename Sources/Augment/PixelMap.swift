import Imaging
import Tensor

/// Applies `f` to every pixel, in parallel chunks. The shared loop of the pixel transforms.
@inline(__always)
func mapPixels(_ image: Image, _ f: (Float) -> Float) -> Image {
    var out = image.pixels
    out.withUnsafeMutableBufferPointer { px in
        Parallel.chunks(px.count) { range in
            for i in range { px[i] = f(px[i]) }
        }
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
