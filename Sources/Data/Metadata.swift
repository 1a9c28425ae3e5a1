/// What a DICOM header says about the patient and the view, when it says it.
public struct Metadata: Sendable, Hashable, Codable {
    /// `M` or `F`, trimmed.
    public var sex: String?
    /// Age in years.
    public var age: Int?
    /// `PA` or `AP`.
    public var view: String?

    public init(sex: String? = nil, age: Int? = nil, view: String? = nil) {
        self.sex = sex
        self.age = age
        self.view = view
    }
}

/// The metadata field prevalence is broken down by.
public enum MetadataField: String, Sendable, CaseIterable {
    case sex
    /// Ten-year bands: `0-9`, `10-19`, …, `90+`.
    case age
    case view

    /// The group an image falls in; `unknown` when the header lacks the field.
    public func group(of metadata: Metadata) -> String {
        switch self {
        case .sex: return metadata.sex ?? Self.unknown
        case .view: return metadata.view ?? Self.unknown
        case .age:
            guard let age = metadata.age else { return Self.unknown }
            let band = min(max(age, 0) / 10, 9) * 10
            return band == 90 ? "90+" : "\(band)-\(band + 9)"
        }
    }

    public static let unknown = "unknown"
}

/// Positive rate within each group of images sharing a metadata value.
public struct Prevalence: Sendable, Equatable {
    public struct Group: Sendable, Equatable {
        public let name: String
        public let images: Int
        public let positives: Int
        public var rate: Double { images == 0 ? 0 : Double(positives) / Double(images) }
    }

    public let field: MetadataField
    /// Groups in natural order (age bands by age, others alphabetically), `unknown` last.
    public let groups: [Group]

    /// Tallies `positive[i]` within the group of `metadata[i]`.
    public init(by field: MetadataField, metadata: [Metadata], positive: [Bool]) {
        self.field = field
        var images: [String: Int] = [:], positives: [String: Int] = [:]
        var bandStart: [String: Int] = [:]
        for (m, p) in zip(metadata, positive) {
            let name = field.group(of: m)
            images[name, default: 0] += 1
            if p { positives[name, default: 0] += 1 }
            if field == .age, let age = m.age { bandStart[name] = age }
        }
        let names = images.keys.sorted { a, b in
            if (a == MetadataField.unknown) != (b == MetadataField.unknown) { return b == MetadataField.unknown }
            if let x = bandStart[a], let y = bandStart[b] { return x < y }
            return a < b
        }
        groups = names.map { Group(name: $0, images: images[$0] ?? 0, positives: positives[$0] ?? 0) }
    }

    /// The group named `name`, if any image fell in it.
    public subscript(name: String) -> Group? { groups.first { $0.name == name } }
}
