import Imaging

/// How a loader prepares each image and mask: resize to a square `size` (area averaging
/// when shrinking, bilinear when growing; masks by area then a threshold at 0.5), with
/// intensities in [0, 1] stored at 8 bits.
public struct Preprocessing: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Side of the square every image and mask is resized to.
    public var size: Int

    public init(size: Int = 256) {
        self.size = size
    }

    public var description: String { "size=\(size)" }

    /// `image` prepared and quantised to 8 bits.
    func prepare(_ image: Image) -> [UInt8] {
        Quantize.toUInt8(Resize.image(image, width: size, height: size).pixels)
    }

    /// The runs of `mask` after resizing to `size`.
    func prepare(_ mask: Mask) -> [Run] {
        RLE.runs(of: Resize.mask(mask, width: size, height: size))
    }
}
