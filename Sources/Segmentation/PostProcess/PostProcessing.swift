import Imaging
import Tensor

/// The full path from a probability map to a submitted mask: resize the probabilities
/// (bilinear, as the reference kernels' `cv2.resize` to 1024 before thresholding), binarize,
/// then remove 8-connected components smaller than `minArea` pixels. With a model's
/// image-level head, an image whose class probability is below `clsThreshold` gets an empty mask.
public struct PostProcessing: Equatable, Sendable, Codable, CustomStringConvertible {
    public var binarization: Binarization
    /// Components with fewer pixels are removed (at the output size); a component of exactly
    /// `minArea` stays, so OpenCV kernels' `area > min_size` is `minArea = min_size + 1`. 0 keeps all.
    public var minArea: Int
    /// The side the probabilities are resized to before binarizing (1024 for SIIM); nil keeps their size.
    public var size: Int?
    /// Images whose class probability (the classifier head's) is below this get an empty
    /// mask; nil, or a model without the head, decides from the pixels alone.
    public var clsThreshold: Float?

    public init(_ binarization: Binarization, minArea: Int = 0, size: Int? = nil, clsThreshold: Float? = nil) {
        self.binarization = binarization
        self.minArea = max(0, minArea)
        self.size = size.map { max(1, $0) }
        self.clsThreshold = clsThreshold
    }

    /// Whether the image-level decision calls an image of class probability `presence` empty.
    public func callsEmpty(presence: Float?) -> Bool {
        guard let clsThreshold, let presence else { return false }
        return presence < clsThreshold
    }

    /// The probabilities at the output size.
    public func resized(_ probabilities: Image) throws -> Image {
        guard let size, probabilities.count > 0 else { return probabilities }
        return try Resize.image(probabilities, width: size, height: size)
    }

    /// The mask for one probability map, of an image whose class probability is `presence`
    /// (nil for a model without a classifier head).
    public func apply(to probabilities: Image, presence: Float? = nil) throws -> Mask {
        if callsEmpty(presence: presence) {
            let side = size
            return Mask(width: side ?? probabilities.width, height: side ?? probabilities.height)
        }
        let mask = binarization.apply(to: try resized(probabilities))
        return minArea > 1 ? mask.removingComponents(smallerThan: minArea) : mask
    }

    /// The masks for several maps (with their images' class probabilities, if any), in
    /// parallel; the first failure (an impossible size) is thrown.
    public func apply(to probabilities: [Image], presence: [Float]? = nil) throws -> [Mask] {
        var masks = [Result<Mask, any Error>](repeating: .success(Mask(width: 0, height: 0, pixels: [])),
                                              count: probabilities.count)
        masks.withUnsafeMutableBufferPointer { out in
            Parallel.forEach(probabilities.count) { i in out[i] = Result { try apply(to: probabilities[i], presence: presence?[i]) } }
        }
        return try masks.map { try $0.get() }
    }

    /// The settings in the language's syntax, e.g. `postprocess(threshold=0.5, min_area=200, size=1024)`.
    public var description: String {
        callSyntax("postprocess", binarization.arguments + [minArea == 0 ? nil : "min_area=\(minArea)",
                                                            size.map { "size=\($0)" },
                                                            clsThreshold.map { "cls_threshold=\(formatNumber($0))" }])
    }
}
