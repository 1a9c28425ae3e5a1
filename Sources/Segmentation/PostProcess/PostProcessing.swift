import Imaging
import Tensor

/// The full path from a probability map to a submitted mask: resize the probabilities
/// (bilinear, as the reference kernels' `cv2.resize` to 1024 before thresholding), binarize,
/// then remove 8-connected components smaller than `minArea` pixels.
public struct PostProcessing: Equatable, Sendable, CustomStringConvertible {
    public var binarization: Binarization
    /// Components with fewer pixels are removed (at the output size); a component of exactly
    /// `minArea` stays, so OpenCV kernels' `area > min_size` is `minArea = min_size + 1`. 0 keeps all.
    public var minArea: Int
    /// The side the probabilities are resized to before binarizing (1024 for SIIM); nil keeps their size.
    public var size: Int?

    public init(_ binarization: Binarization, minArea: Int = 0, size: Int? = nil) {
        self.binarization = binarization
        self.minArea = max(0, minArea)
        self.size = size.map { max(1, $0) }
    }

    /// The probabilities at the output size.
    public func resized(_ probabilities: Image) throws -> Image {
        guard let size, probabilities.count > 0 else { return probabilities }
        return try Resize.image(probabilities, width: size, height: size)
    }

    /// The mask for one probability map.
    public func apply(to probabilities: Image) throws -> Mask {
        let mask = binarization.apply(to: try resized(probabilities))
        return minArea > 1 ? mask.removingComponents(smallerThan: minArea) : mask
    }

    /// The masks for several maps, in parallel; the first failure (an impossible size) is thrown.
    public func apply(to probabilities: [Image]) throws -> [Mask] {
        var masks = [Result<Mask, any Error>](repeating: .success(Mask(width: 0, height: 0, pixels: [])),
                                              count: probabilities.count)
        masks.withUnsafeMutableBufferPointer { out in
            Parallel.forEach(probabilities.count) { i in out[i] = Result { try apply(to: probabilities[i]) } }
        }
        return try masks.map { try $0.get() }
    }

    /// The settings in the language's syntax, e.g. `postprocess(threshold=0.5, min_area=200, size=1024)`.
    public var description: String {
        callSyntax("postprocess", binarization.arguments + [minArea == 0 ? nil : "min_area=\(minArea)",
                                                            size.map { "size=\($0)" }])
    }
}
