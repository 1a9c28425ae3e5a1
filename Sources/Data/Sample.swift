import Imaging

/// One item of a dataset: an image, its mask when labelled, and what its header said.
public struct Sample: Sendable {
    /// The ImageId (file stem).
    public let id: String
    /// Intensities in [0, 1], preprocessed.
    public let image: Image
    /// The union mask at the image's size; nil for an unlabelled image.
    public let mask: Mask?
    public let metadata: Metadata

    public init(id: String, image: Image, mask: Mask?, metadata: Metadata = Metadata()) {
        self.id = id
        self.image = image
        self.mask = mask
        self.metadata = metadata
    }
}
