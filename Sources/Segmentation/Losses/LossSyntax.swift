/// Writes a loss the way the command language spells it: the bare name when every argument
/// has its default, otherwise `name(key=value, ...)` with only the arguments that differ.
struct LossSyntax {
    private let name: String
    private var arguments: [String] = []

    init(_ name: String) { self.name = name }

    /// Adds `key=value` when `value` differs from `standard`.
    mutating func add(_ key: String, _ value: Float, standard: Float) {
        if value != standard { arguments.append("\(key)=\(formatNumber(value))") }
    }

    mutating func add(_ key: String, _ value: Bool, standard: Bool) {
        if value != standard { arguments.append("\(key)=\(value)") }
    }

    /// Adds `key=value` when an optional argument is set.
    mutating func add(_ key: String, _ value: Float?) {
        if let value { arguments.append("\(key)=\(formatNumber(value))") }
    }

    var text: String { arguments.isEmpty ? name : "\(name)(\(arguments.joined(separator: ", ")))" }
}

/// The shortest text that reads back as the same Float: `2`, `0.25`, `1e-07`.
func formatNumber(_ x: Float) -> String {
    if x == x.rounded(), Swift.abs(x) < 1e7 { return String(Int(x)) }
    return x.description
}
