/// A patient's age as DICOM's AS value: a number and a unit, e.g. "062Y" or "006M".
/// SIIM writes bare numbers ("62"), which mean years.
public struct DICOMAge: Sendable, Equatable, CustomStringConvertible {
    public enum Unit: String, Sendable {
        case days = "D", weeks = "W", months = "M", years = "Y"
    }

    public let value: Int
    public let unit: Unit
    /// The value as the file stores it (trimmed), written back unchanged.
    public let text: String

    /// Parses an AS string: digits with an optional D/W/M/Y suffix (a space before the
    /// suffix is tolerated). Returns nil for anything else.
    public init?(_ text: String) {
        let trimmed = DICOMText.trim(text)
        var digits = Substring(trimmed)
        var unit = Unit.years
        if let last = digits.last, let suffix = Unit(rawValue: String(last).uppercased()) {
            unit = suffix
            digits = digits.dropLast()
            while digits.last == " " { digits.removeLast() }
        }
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits) else {
            return nil
        }
        self.value = value
        self.unit = unit
        self.text = trimmed
    }

    /// The age in years (days / 365.25, weeks / 52.1775, months / 12).
    public var years: Double {
        switch unit {
        case .years: Double(value)
        case .months: Double(value) / 12
        case .weeks: Double(value) * 7 / 365.25
        case .days: Double(value) / 365.25
        }
    }

    public var description: String { unit == .years ? "\(value)" : "\(value)\(unit.rawValue)" }
}
