import Core
import Lang

/// A `--param name=value` override, as papermill's: the notebook's first block assigns its
/// parameters, and the value given here replaces the one it assigns.
public struct NotebookParameter: Equatable, Sendable {
    public var name: String
    /// The value as typed: a number, `true`, `false`, `none`, or else a string.
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Parses `name=value`.
    public init(parsing text: String) throws {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw InputError("--param", at: text, "a parameter has the form name=value")
        }
        self.init(name: String(text[..<equals]), value: String(text[text.index(after: equals)...]))
    }

    /// The value as a literal of the language.
    public var literal: String {
        if ["true", "false", "none"].contains(value) { return value }
        if Double(value) != nil, value.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }) { return value }
        return Printer.quote(value)
    }

    /// The statement that sets it, as text.
    public var assignment: String { "\(name) = \(literal)" }

    /// The statement that sets it.
    func statement() throws(LangError) -> Statement {
        let parsed = Parser.parse(SourceText(assignment, name: "--param"))
        guard parsed.count == 1, let first = parsed.first else {
            throw LangError("--param \(name)=\(value) is not one value")
        }
        return try first.get()
    }

    /// The names a block assigns at its top level: the parameters it offers.
    public static func names(assignedIn code: String) -> [String] {
        Parser.parse(SourceText(code)).compactMap { result in
            guard case .success(let statement) = result, case .assignment(let name, _, _) = statement.kind else { return nil }
            return name
        }
    }

    /// Checks that every parameter names a variable in `offered`, suggesting the nearest name otherwise.
    static func validate(_ parameters: [NotebookParameter], offered: [String], notebook: String) throws {
        var seen: Set<String> = []
        for p in parameters {
            guard seen.insert(p.name).inserted else {
                throw InputError("--param", at: p.name, "is given twice")
            }
            guard offered.contains(p.name) else {
                let known = offered.isEmpty ? "its first block assigns no variables"
                    : "its first block assigns " + offered.map { "`\($0)`" }.joined(separator: ", ")
                let hint = Suggestions.nearest(to: p.name, in: offered).map { "; did you mean `\($0)`?" } ?? ""
                throw InputError("--param", at: p.name, "\(notebook) has no parameter `\(p.name)` (\(known))\(hint)")
            }
            do { _ = try p.statement() } catch {
                throw InputError("--param", at: p.name, "cannot be read as a value: \(error.message)")
            }
        }
    }
}
