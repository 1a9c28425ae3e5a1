import Core
import Imaging
import Tensor

/// albumentations' `CLAHE`: contrast-limited adaptive histogram equalisation with a clip limit
/// drawn as c = U(clip_limit) and a `tile_grid_size` of (rows, columns) tiles.
///
/// The default equaliser is OpenCV's (`CLAHE.opencv` on the image quantized to 8 bits, as
/// albumentations calls `cv2.createCLAHE(c, (columns, rows)).apply` on uint8 images), so a
/// recipe copied from albumentations means the same here. `method: .skimage` runs
/// `Imaging.CLAHE` (scikit-image's algorithm on 256 bins) with OpenCV's parameters mapped
/// onto it as OpenCV defines them: tiles of ⌈H/rows⌉ x ⌈W/columns⌉ pixels, and a clip of
/// c·(tile pixels)/256 counts per bin, i.e. skimage's `clip_limit = c/256`.
public struct RandomCLAHE: Transform {
    /// Whose CLAHE equalises the image.
    public enum Method: String, CaseIterable, Sendable {
        /// OpenCV's, on 8-bit samples: what albumentations runs.
        case opencv
        /// scikit-image's `equalize_adapthist`, on 256 bins, stretched onto [0, 1].
        case skimage
    }

    public static let name = "clahe"
    public let clipLimit: ClosedRange<Double>
    public let tileGridSize: (rows: Int, columns: Int)
    public let method: Method
    public let p: Double

    public init(clipLimit: ClosedRange<Double> = 1...4, tileGridSize: (rows: Int, columns: Int) = (8, 8),
                method: Method = .opencv, p: Double = 0.5) throws {
        try requireProbability(p, Self.name)
        try require(clipLimit.lowerBound > 0 && clipLimit.upperBound <= 256, Self.name, "clip_limit",
                    "must lie in (0, 256]")
        try require(tileGridSize.rows >= 1 && tileGridSize.columns >= 1
                        && tileGridSize.rows <= 1_024 && tileGridSize.columns <= 1_024,
                    Self.name, "tile_grid_size", "needs 1 to 1024 tiles per axis")
        self.clipLimit = clipLimit
        self.tileGridSize = tileGridSize
        self.method = method
        self.p = p
    }

    public var spec: TransformSpec {
        TransformSpec(Self.name, [
            .init("clip_limit", .range(clipLimit.lowerBound, clipLimit.upperBound)),
            .init("tile_grid_size", .range(Double(tileGridSize.rows), Double(tileGridSize.columns))),
            .init("method", .text(method.rawValue)),
            .init("p", .number(p))])
    }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        let c = rng.uniform(clipLimit.lowerBound, clipLimit.upperBound)
        drawn.append(Drawn(Self.name, [.init("clip_limit", c)]))
        switch method {
        case .opencv:
            let equalised = CLAHE.opencv(Quantize.toUInt8(pair.image.pixels), width: pair.width, height: pair.height,
                                         clipLimit: c, tiles: (x: tileGridSize.columns, y: tileGridSize.rows))
            return pair.with(image: Image(width: pair.width, height: pair.height, pixels: equalised.map { Float($0) / 255 }))
        case .skimage:
            let tile = (rows: max(1, (pair.height + tileGridSize.rows - 1) / tileGridSize.rows),
                        columns: max(1, (pair.width + tileGridSize.columns - 1) / tileGridSize.columns))
            return pair.with(image: CLAHE.skimage(pair.image, kernelSize: tile, clipLimit: c / 256, bins: 256))
        }
    }
}
