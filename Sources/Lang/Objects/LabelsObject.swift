import Data

/// A labels CSV (`train-rle.csv`): which images have pneumothorax, and where.
public final class LabelsObject: EngineObject {
    public let labels: Labels
    public let statistics: LabelStatistics

    public init(_ labels: Labels) {
        self.labels = labels
        self.statistics = LabelStatistics(labels)
    }

    public var kind: String { "labels" }

    public var summary: String {
        "labels for \(statistics.imageCount) images, \(statistics.positiveCount) positive "
            + "(\(Formatting.percent(statistics.positiveRate))), \(statistics.rowCount) rows, from \(labels.source)"
    }

    public var details: String {
        let s = statistics
        var lines = [summary,
                     "  images \(labels.width)x\(labels.height); mean coverage \(Formatting.significant(s.meanCoverage * 100, 4))%",
                     "  label rows per positive image: " + s.regionsPerPositive.entries.map { "\($0.value): \($0.count)" }
                        .joined(separator: ", ")]
        if let lo = s.minArea, let hi = s.maxArea, let median = s.medianArea {
            lines.append("  positive area: min \(lo) px, median \(Value.format(median)) px, max \(hi) px")
        }
        return lines.joined(separator: "\n")
    }

    public var memberNames: [String] { ["ids", "positives", "rows"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "ids": return .list(labels.images.map { .string($0.id) })
        case "positives": return .number(Double(statistics.positiveCount))
        case "rows": return .number(Double(statistics.rowCount))
        default: return nil
        }
    }

    public var count: Int? { labels.images.count }

    /// An image's labels as a record: id, regions and area.
    public func element(at index: Int) throws -> Value {
        let image = labels.images[index]
        return .record(Record([("id", .string(image.id)), ("regions", .number(Double(image.regionCount))),
                               ("area", .number(Double(image.area)))]))
    }
}
