import Imaging

/// A single image read from a file (PNG, JPEG or DICOM), with what its header said.
public final class ImageObject: EngineObject {
    public let image: Image
    /// The file it came from.
    public let origin: String
    /// Header facts worth showing, as `name: value` lines (DICOM metadata).
    public let facts: [(name: String, value: String)]

    public init(_ image: Image, origin: String, facts: [(name: String, value: String)] = []) {
        self.image = image
        self.origin = origin
        self.facts = facts
    }

    public var kind: String { "image" }
    public var summary: String { "image \(image.width)x\(image.height) from \(origin)" }
    public var details: String {
        ([summary] + facts.map { "  \($0.name): \($0.value)" }).joined(separator: "\n")
    }
    public var memberNames: [String] { ["height", "width"] + facts.map(\.name) }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "width": return .number(Double(image.width))
        case "height": return .number(Double(image.height))
        default: return facts.first { $0.name == name }.map { .string($0.value) }
        }
    }
}
