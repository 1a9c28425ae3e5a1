import Imaging

/// How a loader prepares each image and mask: resize to a square `size` (area averaging
/// when shrinking, bilinear when growing; masks by area then a threshold at 0.5), then
/// optionally CLAHE, with intensities in [0, 1] stored at 8 bits.
public struct Preprocessing: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Side of the square every image and mask is resized to.
    public var size: Int
    /// Contrast-limited adaptive histogram equalisation after the resize, or nil for none.
    public var clahe: CLAHESettings?

    public init(size: Int = 256, clahe: CLAHESettings? = nil) {
        self.size = size
        self.clahe = clahe
    }

    /// Also the cache key's record of the settings, so it names every field.
    public var description: String {
        "size=\(size)" + (clahe.map { " clahe(clip=\($0.clipLimit), kernel=\($0.kernelSize.map(String.init) ?? "1/8"))" } ?? "")
    }

    /// `image` prepared and quantised to 8 bits.
    func prepare(_ image: Image) throws -> [UInt8] {
        var prepared = try Resize.image(image, width: size, height: size)
        if let clahe {
            prepared = CLAHE.skimage(prepared, kernelSize: clahe.kernelSize.map { ($0, $0) }, clipLimit: clahe.clipLimit)
        }
        return Quantize.toUInt8(prepared.pixels)
    }

    /// The runs of `mask` after resizing to `size`.
    func prepare(_ mask: Mask) throws -> [Run] {
        RLE.runs(of: try Resize.mask(mask, width: size, height: size))
    }
}

/// CLAHE parameters with scikit-image `equalize_adapthist` meanings (as the Iafoss
/// preprocessed SIIM sets used).
public struct CLAHESettings: Sendable, Hashable, Codable {
    /// Clip limit as a fraction of a tile's pixels (skimage's default 0.01).
    public var clipLimit: Double
    /// Side of the square contextual region in pixels; nil for 1/8 of the image (skimage's default).
    public var kernelSize: Int?

    public init(clipLimit: Double = 0.01, kernelSize: Int? = nil) {
        self.clipLimit = clipLimit
        self.kernelSize = kernelSize
    }
}
