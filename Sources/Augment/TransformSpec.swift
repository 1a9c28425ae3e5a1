import Foundation

/// A transform as a value: its language name, its parameters in albumentations' order, and
/// for compositions its children. `description` prints it back as the language syntax, e.g.
/// `hflip(p=0.5) | oneof(gamma(gamma_limit=[80, 120], p=0.5), contrast(limit=0.2, p=0.5), p=0.3)`,
/// so a session that built a pipeline can save and replay it; `Catalog.make` rebuilds it.
public struct TransformSpec: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var arguments: [Argument]
    public var children: [TransformSpec]

    /// A parameter value as the language writes it.
    public enum Value: Sendable, Equatable, CustomStringConvertible {
        case number(Double)
        /// `[lo, hi]`.
        case range(Double, Double)
        case text(String)
        case flag(Bool)

        public var description: String {
            switch self {
            case .number(let x): return formatNumber(x)
            case .range(let lo, let hi): return "[\(formatNumber(lo)), \(formatNumber(hi))]"
            case .text(let s): return "\"\(s)\""
            case .flag(let b): return b ? "true" : "false"
            }
        }
    }

    public struct Argument: Sendable, Equatable {
        public var name: String
        public var value: Value
        public init(_ name: String, _ value: Value) { self.name = name; self.value = value }
    }

    public init(_ name: String, _ arguments: [Argument], children: [TransformSpec] = []) {
        self.name = name
        self.arguments = arguments
        self.children = children
    }

    /// The argument called `name`, if present.
    public subscript(name: String) -> Value? { arguments.first { $0.name == name }?.value }

    /// `a | b | c` for a sequence that always runs; `name(children..., key=value...)` otherwise.
    public var description: String {
        if name == Compose.name, self["p"] == .number(1), !children.isEmpty {
            return children.map(\.description).joined(separator: " | ")
        }
        let parts = children.map { $0.name == Compose.name ? "(\($0))" : $0.description }
            + arguments.map { "\($0.name)=\($0.value)" }
        return "\(name)(\(parts.joined(separator: ", ")))"
    }
}

/// A number as the language writes it: integers without a fraction, otherwise the shortest
/// text that reads back to the same Double; with `digits`, rounded to that many decimals
/// (for captions).
func formatNumber(_ x: Double, digits: Int? = nil) -> String {
    if let digits {
        let scale = pow(10, Double(digits))
        let rounded = (x * scale).rounded() / scale
        return formatNumber(rounded == 0 ? 0 : rounded)
    }
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
}
