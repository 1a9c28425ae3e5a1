import Foundation

/// Tab completion for the line being typed: file paths inside a string, members after a
/// dot, and otherwise builtins, variables and the named arguments (`bins=`) of the command
/// being typed. All of it comes from the registry and the session.
public struct Completion: Equatable, Sendable {
    /// Character offset in the line where the word being completed starts.
    public let start: Int
    /// The word typed so far.
    public let prefix: String
    /// Full replacements for the word, sorted.
    public let candidates: [String]

    public init(start: Int, prefix: String, candidates: [String]) {
        self.start = start
        self.prefix = prefix
        self.candidates = candidates
    }

    /// The longest text every candidate starts with (what Tab can insert at once).
    public var commonPrefix: String {
        guard var common = candidates.first else { return prefix }
        for c in candidates.dropFirst() {
            while !c.hasPrefix(common) { common.removeLast() }
        }
        return common
    }
}

extension Session {
    /// Completions for `line` with the cursor after its first `cursor` characters.
    public func complete(_ line: String, cursor: Int) -> Completion {
        let before = Array(line.prefix(cursor))
        if let quote = openQuote(before) {
            if let choices = stringChoices(before: Array(before[..<quote])) {
                let typed = String(before[(quote + 1)...])
                return Completion(start: quote + 1, prefix: typed, candidates: choices.filter { $0.hasPrefix(typed) }.sorted())
            }
            return completePath(String(before[(quote + 1)...]), start: quote + 1)
        }
        let start = Self.wordStart(before, end: before.count)
        let prefix = String(before[start...])
        if start > 0 && before[start - 1] == "." {
            return Completion(start: start, prefix: prefix,
                              candidates: memberNames(before: Array(before[..<(start - 1)])).filter { $0.hasPrefix(prefix) }.sorted())
        }
        var names = Set(registry.names).union(variables.keys).union(Token.Keyword.allCases.map(\.rawValue))
        if let command = enclosingCommand(Array(before[..<start])) {
            names.formUnion(parameterNames(of: command).map { $0 + "=" })
        }
        return Completion(start: start, prefix: prefix, candidates: names.filter { $0.hasPrefix(prefix) }.sorted())
    }

    /// The offset of an unclosed string's opening quote, if the text ends inside a string.
    private func openQuote(_ text: [Character]) -> Int? {
        var open: Int?
        var i = 0
        while i < text.count {
            let c = text[i]
            if let o = open {
                if c == "\\" { i += 1 } else if c == text[o] { open = nil }
            } else if c == "\"" || c == "'" {
                open = i
            } else if c == "#" {
                return nil
            }
            i += 1
        }
        return open
    }

    /// Paths that extend `partial`, relative to the working directory; directories end in
    /// `/`. `start` is where `partial` begins in the line.
    public func completePath(_ partial: String, start: Int) -> Completion {
        let slash = partial.lastIndex(of: "/")
        let directory = slash.map { String(partial[...$0]) } ?? ""
        let stem = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        let listed = sandbox.resolve(directory.isEmpty ? "." : directory)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: listed)) ?? []
        let candidates = entries.filter { $0.hasPrefix(stem) && ($0.first != "." || stem.first == ".") }.map { entry in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: listed + "/" + entry, isDirectory: &isDirectory)
            return entry + (isDirectory.boolValue ? "/" : "")
        }
        return Completion(start: start + directory.count, prefix: stem, candidates: candidates.sorted())
    }

    /// The members of the value written just before a dot: a variable, or a variable
    /// followed by members and literal indexes (`sp.` gives `train`, `val`; `ds[3].` gives
    /// a sample's members). Only such a chain is evaluated, so Tab never runs a command.
    private func memberNames(before text: [Character]) -> [String] {
        guard let chain = accessChain(ending: text), let statement = try? Parser.parse(SourceText(chain)).first?.get(),
              let value = isolated(output: CapturedOutput(), { try? evaluate(statement) }) else { return [] }
        switch value {
        case .record(let r): return r.fields.map(\.name)
        case .object(let o): return o.memberNames
        default: return []
        }
    }

    /// The text of the access chain that ends `text`, `name(.name|[integer]|["key"])*`, if
    /// it starts with a variable's name rather than a command's.
    private func accessChain(ending text: [Character]) -> String? {
        var end = text.count
        while end > 0 {
            if text[end - 1] == "]" {
                guard let open = text[..<end].lastIndex(of: "[") else { return nil }
                let inside = String(text[(open + 1)..<(end - 1)]).trimmingCharacters(in: .whitespaces)
                let isInteger = Int(inside) != nil
                let isKey = inside.count >= 2 && inside.first == inside.last && (inside.first == "\"" || inside.first == "'")
                    && !inside.dropFirst().dropLast().contains { $0 == "\"" || $0 == "'" || $0 == "\\" }
                guard isInteger || isKey else { return nil }
                end = open
                continue
            }
            let start = Self.wordStart(text, end: end)
            guard start < end, !text[start].isNumber else { return nil }
            if start > 0 && text[start - 1] == "." {
                end = start - 1
                continue
            }
            guard variables[String(text[start..<end])] != nil else { return nil }
            return String(text[start...])
        }
        return nil
    }

    /// The command whose arguments the cursor is in: the callee of the innermost open `(`,
    /// or else the statement's first word (after `name =`) when it is written in command form.
    private func enclosingCommand(_ text: [Character]) -> String? {
        let statement = text.split(separator: ";", omittingEmptySubsequences: false).last.map(Array.init) ?? []
        var opens: [Int] = []
        for (i, c) in statement.enumerated() {
            if c == "(" || c == "[" || c == "{" { opens.append(i) } else if c == ")" || c == "]" || c == "}" { _ = opens.popLast() }
        }
        if let open = opens.last {
            guard statement[open] == "(" else { return nil }
            let start = Self.wordStart(statement, end: open)
            return start < open ? String(statement[start..<open]) : nil
        }
        let words = String(statement).split(separator: " ", omittingEmptySubsequences: true)
        if words.count >= 2 && words[1] == "=" { return words.count >= 3 ? String(words[2]) : nil }
        return words.first.map(String.init)
    }

    /// Where the name that ends at `end` in `text` starts (`end` itself if none does).
    private static func wordStart(_ text: [Character], end: Int) -> Int {
        var start = end
        while start > 0 && (text[start - 1].isLetter || text[start - 1].isNumber || text[start - 1] == "_") { start -= 1 }
        return start
    }

    /// The choices of the parameter named just before a string's opening quote, as in
    /// `tta="`, if that parameter takes one of a few strings, or the catalog names a string
    /// parameter reads (`sched="`, `optimizer="`).
    private func stringChoices(before text: [Character]) -> [String]? {
        guard text.last == "=" else { return nil }
        let start = Self.wordStart(text, end: text.count - 1)
        guard start < text.count - 1, let command = enclosingCommand(Array(text[..<start])) else { return nil }
        let name = String(text[start..<(text.count - 1)])
        let parameter = registry[command]?.parameters.first { $0.name == name }
        return parameter?.choices ?? parameter?.completions
    }

    private func parameterNames(of name: String) -> [String] {
        if case .function(.user(let f))? = variables[name] { return f.parameters.map(\.name) }
        return registry[name]?.parameters.map(\.name) ?? []
    }
}
