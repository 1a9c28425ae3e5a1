import Data

/// A loaded dataset: images at one size, masks, metadata. Indexing gives samples; slicing
/// gives a smaller dataset.
public final class DatasetObject: EngineObject {
    public let dataset: Dataset

    public init(_ dataset: Dataset) { self.dataset = dataset }

    public var kind: String { "dataset" }

    public var positives: Int { dataset.positive.filter { $0 }.count }

    /// Samples without a mask (a test part, a folder of images, or images kept unlabelled).
    public var unlabelled: Int { dataset.masks.filter { $0 == nil }.count }

    public var summary: String {
        let n = dataset.count
        let rate = n == 0 ? "" : " (\(Formatting.percent(Double(positives) / Double(n))))"
        let marked = unlabelled
        let labelled = n > 0 && marked == n ? "unlabelled"
            : "\(positives) positive\(rate)" + (marked > 0 ? ", \(marked) unlabelled" : "")
        return "dataset of \(n) images \(dataset.size)x\(dataset.size), \(labelled), from \(dataset.origin)"
    }

    /// The load report in one line: "12 images, 3 positive; left out: 2 without labels
    /// (first: a, b); 1 unreadable (first: x.dcm: not a DICOM file)".
    public var reportLine: String {
        let n = dataset.count
        return (["\(n) image\(n == 1 ? "" : "s"), \(positives) positive"] + dataset.report.phrases).joined(separator: "; ")
    }

    public var details: String {
        let report = dataset.report
        let intensity = dataset.intensity
        var lines = [summary,
                     "  layout: \(dataset.layout.rawValue), preprocessing: \(dataset.preprocessing)",
                     "  intensity: mean \(Formatting.fixed(intensity.mean)), std \(Formatting.fixed(intensity.std))",
                     "  mean mask coverage: \(Formatting.percent(meanCoverage))"]
        lines += report.phrases.map { "  " + $0 }
        return lines.joined(separator: "\n")
    }

    /// Mask pixels over all pixels, over every image.
    public var meanCoverage: Double {
        let pixels = Double(dataset.count * dataset.size * dataset.size)
        return pixels == 0 ? 0 : Double(dataset.areas.reduce(0, +)) / pixels
    }

    public var memberNames: [String] { ["ids", "positives", "size"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "size": return .number(Double(dataset.size))
        case "positives": return .number(Double(positives))
        case "ids": return .list(dataset.ids.map { .string($0) })
        default: return nil
        }
    }

    public var count: Int? { dataset.count }
    public func element(at index: Int) throws -> Value { .object(SampleObject(try dataset[index])) }
    public func slice(_ range: Range<Int>) throws -> Value { .object(DatasetObject(dataset.subset(Array(range)))) }
}
