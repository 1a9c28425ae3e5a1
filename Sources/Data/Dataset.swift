import Imaging
import Tensor

/// Where a dataset's files came from.
public enum DatasetLayout: String, Sendable, Codable {
    /// The competition tree: DICOMs anywhere below the folder, ImageId = file stem, and a
    /// `train-rle.csv` or `stage_2_train.csv` label file (see `DatasetSources`).
    case siim
    /// `train/` images with same-named `masks/`, and `test/` for `DatasetPart.test`.
    case png
    /// A folder of images without labels.
    case unlabelled
}

/// What a load noticed without failing: label rows whose image is missing, images without
/// label rows, files that could not be read, links not followed, and whether the cache
/// served the load.
public struct LoadReport: Sendable, Equatable, Codable {
    /// ImageIds that the labels (or, for the test part, the sample submission) list but no
    /// image file provides.
    public var labelsWithoutImage: [String] = []
    /// Training images with no labels row: left out, or kept unlabelled when `unlabelledKept`.
    public var imagesWithoutLabels: [String] = []
    /// Whether `imagesWithoutLabels` are in the dataset, marked unlabelled (no mask).
    public var unlabelledKept = false
    /// Files skipped because they could not be read, with the reason.
    public var unreadable: [String] = []
    /// Linked folders not searched (a loop, a folder reached twice), with the reason.
    public var notFollowed: [String] = []
    /// How the on-disk cache was used.
    public var cache: CacheUse = .none

    public init() {}
}

/// How a load used the preprocessed cache.
public enum CacheUse: Sendable, Equatable, Codable {
    /// Caching was off.
    case none
    /// Served from the cache.
    case hit
    /// Built from the sources and written to the cache; `reason` says why it was not a hit
    /// ("no entry", "stale: sources changed", "corrupt: checksum mismatch").
    case rebuilt(reason: String)
}

/// An ordered set of preprocessed samples plus where they came from.
///
/// Images are stored at 8 bits per pixel and masks as runs, converted on access, so 12,000
/// images at 256 px take about 790 MB rather than 3 GB of Float.
public struct Dataset: Sendable {
    /// Where the samples came from: the folder they were loaded from, or how they were made.
    public var origin: String
    public let layout: DatasetLayout
    public let preprocessing: Preprocessing
    public let ids: [String]
    public let metadata: [Metadata]
    /// Mask runs at `size` (column-major), nil for unlabelled samples.
    public let masks: [[Run]?]
    /// The label file at full resolution, for label-level statistics, when there was one.
    public let labels: Labels?
    public let report: LoadReport
    /// `count * size * size` bytes, image after image.
    let pixels: [UInt8]

    init(origin: String, layout: DatasetLayout, preprocessing: Preprocessing, ids: [String],
         metadata: [Metadata], masks: [[Run]?], labels: Labels?, report: LoadReport, pixels: [UInt8]) {
        self.origin = origin
        self.layout = layout
        self.preprocessing = preprocessing
        self.ids = ids
        self.metadata = metadata
        self.masks = masks
        self.labels = labels
        self.report = report
        self.pixels = pixels
    }

    public var count: Int { ids.count }
    /// Side of every image and mask.
    public var size: Int { preprocessing.size }

    /// Sample `i`, converted to Float on access.
    public subscript(i: Int) -> Sample {
        let n = size * size
        let image = pixels.withUnsafeBufferPointer { p in
            Image(width: size, height: size, pixels: p[(i * n)..<((i + 1) * n)].map { Float($0) / 255 })
        }
        return Sample(id: ids[i], image: image, mask: masks[i].map { RLE.mask($0, width: size, height: size) },
                      metadata: metadata[i])
    }

    /// The stored 8-bit pixels of sample `i`.
    public func pixels(of i: Int) -> ArraySlice<UInt8> {
        let n = size * size
        return pixels[(i * n)..<((i + 1) * n)]
    }

    /// Mask area of each sample at `size` (0 for negative or unlabelled ones), for splits.
    public var areas: [Int] { masks.map { $0.map(RLE.area) ?? 0 } }

    /// Whether each sample has a non-empty mask.
    public var positive: [Bool] { masks.map { !($0?.isEmpty ?? true) } }

    /// The samples at `indices`, in that order (a split's part).
    public func subset(_ indices: [Int]) -> Dataset {
        let n = size * size
        var part = [UInt8]()
        part.reserveCapacity(indices.count * n)
        for i in indices { part += pixels[(i * n)..<((i + 1) * n)] }
        return Dataset(origin: origin, layout: layout, preprocessing: preprocessing, ids: indices.map { ids[$0] },
                       metadata: indices.map { metadata[$0] }, masks: indices.map { masks[$0] },
                       labels: labels, report: report, pixels: part)
    }

    /// Mean and standard deviation of all stored intensities in [0, 1], exact from a
    /// 256-bin histogram.
    public var intensity: (mean: Double, std: Double) {
        // One histogram per thread, added up afterwards.
        let parts = max(1, min(Parallel.threadCount, pixels.count / 65_536))
        var partial = [Int](repeating: 0, count: 256 * parts)
        pixels.withUnsafeBufferPointer { p in
            partial.withUnsafeMutableBufferPointer { h in
                Parallel.forEach(parts) { part in
                    let lo = p.count * part / parts, hi = p.count * (part + 1) / parts
                    let counts = h.baseAddress! + 256 * part
                    for k in lo..<hi { counts[Int(p[k])] += 1 }
                }
            }
        }
        let histogram = (0..<256).map { v in (0..<parts).reduce(0) { $0 + partial[256 * $1 + v] } }
        let total = Double(pixels.count)
        guard total > 0 else { return (0, 0) }
        var sum = 0.0, squares = 0.0
        for (v, c) in histogram.enumerated() {
            let x = Double(v) / 255
            sum += x * Double(c)
            squares += x * x * Double(c)
        }
        let mean = sum / total
        return (mean, max(0, squares / total - mean * mean).squareRoot())
    }

    /// Positive rate by sex, age band or view, over labelled samples.
    public func prevalence(by field: MetadataField) -> Prevalence {
        let labelled = masks.indices.filter { masks[$0] != nil }
        return Prevalence(by: field, metadata: labelled.map { metadata[$0] }, positive: labelled.map { positive[$0] })
    }
}
