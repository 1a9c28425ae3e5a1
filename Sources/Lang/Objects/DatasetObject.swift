import Data

/// A loaded dataset: images at one size, masks, metadata. Indexing gives samples; slicing
/// gives a smaller dataset.
public final class DatasetObject: EngineObject {
    public let dataset: Dataset

    public init(_ dataset: Dataset) { self.dataset = dataset }

    public var kind: String { "dataset" }

    public var positives: Int { dataset.positive.filter { $0 }.count }

    public var summary: String {
        let n = dataset.count
        let rate = n == 0 ? "" : " (\(Formatting.percent(Double(positives) / Double(n))))"
        let labelled = dataset.layout == .unlabelled ? "unlabelled" : "\(positives) positive\(rate)"
        return "dataset of \(n) images \(dataset.size)x\(dataset.size), \(labelled), from \(dataset.origin)"
    }

    public var details: String {
        let report = dataset.report
        let intensity = dataset.intensity
        var lines = [summary,
                     "  layout: \(dataset.layout.rawValue), preprocessing: \(dataset.preprocessing)",
                     "  intensity: mean \(Formatting.fixed(intensity.mean)), std \(Formatting.fixed(intensity.std))",
                     "  mean mask coverage: \(Formatting.percent(meanCoverage))"]
        if !report.labelsWithoutImage.isEmpty { lines.append("  labels without an image: \(report.labelsWithoutImage.count)") }
        if !report.imagesWithoutLabels.isEmpty { lines.append("  images without labels: \(report.imagesWithoutLabels.count)") }
        if !report.unreadable.isEmpty { lines.append("  unreadable files: \(report.unreadable.count)") }
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
