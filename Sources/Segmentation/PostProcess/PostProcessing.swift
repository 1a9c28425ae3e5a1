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
    public func resized(_ probabilities: Image) -> Image {
        guard let size, probabilities.count > 0 else { return probabilities }
        return Resize.image(probabilities, width: size, height: size)
    }

    /// The mask for one probability map.
    public func apply(to probabilities: Image) -> Mask {
        let mask = binarization.apply(to: resized(probabilities))
        return minArea > 1 ? mask.removingComponents(smallerThan: minArea) : mask
    }

    /// The masks for several maps, in parallel.
    public func apply(to probabilities: [Image]) -> [Mask] {
        var masks = [Mask?](repeating: nil, count: probabilities.count)
        masks.withUnsafeMutableBufferPointer { out in
            Parallel.forEach(probabilities.count) { out[$0] = apply(to: probabilities[$0]) }
        }
        return masks.compactMap { $0 }
    }

    /// The settings in the language's syntax, e.g. `postprocess(threshold=0.5, min_area=200, size=1024)`.
    public var description: String {
        callSyntax("postprocess", binarization.arguments + [minArea == 0 ? nil : "min_area=\(minArea)",
                                                            size.map { "size=\($0)" }])
    }
}
