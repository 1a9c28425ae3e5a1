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
/// Images are stored at 8 bits per pixel in a shared `PixelStore` (in memory, or a mapped
/// cache file) and masks as runs, converted on access. A dataset holds, per sample, only its
/// id, metadata, mask runs and the store slot of its pixels, so a subset shares the store
/// and 12,047 images at 512 px add a few MB of memory, not 3 GB.
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
    /// The pixels of every sample, shared with the datasets this one was cut from.
    public let store: PixelStore
    /// The store slot of each sample.
    let slots: [Int]

    init(origin: String, layout: DatasetLayout, preprocessing: Preprocessing, ids: [String],
         metadata: [Metadata], masks: [[Run]?], labels: Labels?, report: LoadReport, store: PixelStore, slots: [Int]) {
        self.origin = origin
        self.layout = layout
        self.preprocessing = preprocessing
        self.ids = ids
        self.metadata = metadata
        self.masks = masks
        self.labels = labels
        self.report = report
        self.store = store
        self.slots = slots
    }

    public var count: Int { ids.count }
    /// Side of every image and mask.
    public var size: Int { preprocessing.size }

    /// Sample `i`, converted to Float on access. Throws when the pixels come from a cache
    /// file that turns out to be damaged.
    public subscript(i: Int) -> Sample {
        get throws {
            let image = try store.withPixels(of: slots[i], id: ids[i]) { p in
                Image(width: size, height: size, pixels: p.map { Float($0) / 255 })
            }
            return Sample(id: ids[i], image: image, mask: mask(i), metadata: metadata[i])
        }
    }

    /// The mask of sample `i` at `size`, nil when unlabelled (no pixels are read).
    public func mask(_ i: Int) -> Mask? {
        masks[i].map { RLE.mask($0, width: size, height: size) }
    }

    /// The stored 8-bit pixels of sample `i`.
    public func pixels(of i: Int) throws -> [UInt8] {
        try store.withPixels(of: slots[i], id: ids[i]) { Array($0) }
    }

    /// Mask area of each sample at `size` (0 for negative or unlabelled ones), for splits.
    public var areas: [Int] { masks.map { $0.map(RLE.area) ?? 0 } }

    /// Whether each sample has a non-empty mask.
    public var positive: [Bool] { masks.map { !($0?.isEmpty ?? true) } }

    /// The samples at `indices`, in that order (a split's part), sharing this dataset's
    /// pixel store.
    public func subset(_ indices: [Int]) -> Dataset {
        Dataset(origin: origin, layout: layout, preprocessing: preprocessing, ids: indices.map { ids[$0] },
                metadata: indices.map { metadata[$0] }, masks: indices.map { masks[$0] },
                labels: labels, report: report, store: store, slots: indices.map { slots[$0] })
    }

    /// Mean and standard deviation of all stored intensities in [0, 1], exact from a
    /// 256-bin histogram. It reads the bytes as stored (see `PixelStore.raw`).
    public var intensity: (mean: Double, std: Double) {
        // One histogram per thread, added up afterwards.
        let n = size * size
        let parts = max(1, min(Parallel.available, count * n / 65_536))
        var partial = [Int](repeating: 0, count: 256 * parts)
        partial.withUnsafeMutableBufferPointer { h in
            Parallel.forEach(parts) { part in
                let counts = h.baseAddress! + 256 * part
                for i in (count * part / parts)..<(count * (part + 1) / parts) {
                    for v in store.raw(slots[i]) { counts[Int(v)] += 1 }
                }
            }
        }
        let histogram = (0..<256).map { v in (0..<parts).reduce(0) { $0 + partial[256 * $1 + v] } }
        let total = Double(count * n)
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
