import Data

/// One image of a dataset with its mask and metadata, as `ds[17]` gives it.
public final class SampleObject: EngineObject {
    public let sample: Sample

    public init(_ sample: Sample) { self.sample = sample }

    public var kind: String { "sample" }

    /// Foreground pixels of the mask (0 without a mask).
    public var area: Int { sample.mask?.area ?? 0 }

    public var summary: String {
        let size = "\(sample.image.width)x\(sample.image.height)"
        guard let mask = sample.mask else { return "sample \(sample.id) \(size), no mask" }
        let pixels = mask.width * mask.height
        return area == 0 ? "sample \(sample.id) \(size), empty mask"
            : "sample \(sample.id) \(size), mask \(area) px (\(Formatting.percent(Double(area) / Double(max(1, pixels)))))"
    }

    public var details: String {
        let m = sample.metadata
        return [summary, "  sex: \(m.sex ?? "unknown")", "  age: \(m.age.map(String.init) ?? "unknown")",
                "  view: \(m.view ?? "unknown")"].joined(separator: "\n")
    }

    public var memberNames: [String] { ["age", "area", "id", "image", "sex", "view"] }

    public func member(_ name: String) throws -> Value? {
        let m = sample.metadata
        switch name {
        case "id": return .string(sample.id)
        case "area": return .number(Double(area))
        case "image": return .object(ImageObject(sample.image, origin: sample.id))
        case "sex": return m.sex.map { .string($0) } ?? Value.none
        case "age": return m.age.map { .number(Double($0)) } ?? Value.none
        case "view": return m.view.map { .string($0) } ?? Value.none
        default: return nil
        }
    }
}
