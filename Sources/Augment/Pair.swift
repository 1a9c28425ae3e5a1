import Core
import Imaging

/// An image and its mask, transformed together. Geometric transforms move both with the same
/// drawn parameters; pixel transforms change only the image.
public struct Pair: Sendable, Equatable {
    public var image: Image
    public var mask: Mask

    /// Pairs an image with its mask; they must have the same size.
    /// - Parameter source: names the pair in the error (a file, an ImageId, a dataset index).
    public init(image: Image, mask: Mask, source: String = "sample") throws {
        guard image.width == mask.width, image.height == mask.height else {
            throw InputError(source, "image is \(image.width)x\(image.height) but its mask is \(mask.width)x\(mask.height)")
        }
        self.image = image
        self.mask = mask
    }

    /// An image with an empty mask of the same size.
    public init(image: Image) {
        self.image = image
        self.mask = Mask(width: image.width, height: image.height)
    }

    /// For transforms, which always build both halves at one size.
    init(checked image: Image, _ mask: Mask) {
        self.image = image
        self.mask = mask
    }

    public var width: Int { image.width }
    public var height: Int { image.height }

    /// A copy with a new image and the same mask (what pixel transforms return).
    func with(image newImage: Image) -> Pair { Pair(checked: newImage, mask) }
}
