/// The arguments of one builtin call, already bound to parameter names, filled with
/// defaults and type-checked. Accessors therefore only fail on a builtin's own mistake.
public struct Arguments {
    /// The session the call runs in: its sink, sandbox, seed and variables.
    public let session: Session
    let values: [String: Value]
    let ranges: [String: SourceRange]
    /// The whole call, for errors about the call rather than one argument.
    let callRange: SourceRange

    public subscript(name: String) -> Value { values[name] ?? .none }

    /// Whether the argument was given (or has a default) and is not `none`.
    public func has(_ name: String) -> Bool {
        if case .none = self[name] { return false }
        return true
    }

    /// Whether the call wrote the argument (rather than taking its default).
    public func given(_ name: String) -> Bool { ranges[name] != nil }

    public func number(_ name: String) throws -> Double {
        guard case .number(let x) = self[name] else { throw mismatch(name, "a number") }
        return x
    }

    public func int(_ name: String) throws -> Int {
        guard let n = self[name].integer else { throw mismatch(name, "an integer") }
        return n
    }

    public func string(_ name: String) throws -> String {
        guard case .string(let s) = self[name] else { throw mismatch(name, "a string") }
        return s
    }

    public func bool(_ name: String) throws -> Bool {
        guard case .bool(let b) = self[name] else { throw mismatch(name, "a bool") }
        return b
    }

    public func list(_ name: String) throws -> [Value] {
        guard case .list(let items) = self[name] else { throw mismatch(name, "a list") }
        return items
    }

    /// The engine object of type `T` passed as `name`.
    public func object<T: EngineObject>(_ name: String, as type: T.Type) throws -> T {
        guard case .object(let o) = self[name], let object = o as? T else { throw mismatch(name, "a \(T.self)") }
        return object
    }

    /// A string argument declared with `.choice(E.self)`, as the enum case it names.
    public func choice<E: RawRepresentable>(_ name: String, as type: E.Type) throws -> E where E.RawValue == String {
        guard let value = E(rawValue: try string(name)) else { throw mismatch(name, "one of its choices") }
        return value
    }

    /// The optional variants: nil when the argument is `none`.
    public func optionalString(_ name: String) throws -> String? { has(name) ? try string(name) : nil }
    public func optionalInt(_ name: String) throws -> Int? { has(name) ? try int(name) : nil }
    public func optionalNumber(_ name: String) throws -> Double? { has(name) ? try number(name) : nil }

    /// An error about one argument's value, with the caret under that argument.
    public func error(_ name: String, _ message: String) -> LangError {
        LangError(message, at: ranges[name] ?? callRange)
    }

    /// The seed for a stochastic builtin: its `seed` argument if given, else the next draw
    /// from the session's generator (so replaying the same statements gives the same seeds).
    public func seed(_ name: String = "seed") throws -> UInt64 {
        if let given = try optionalInt(name) { return UInt64(bitPattern: Int64(given)) }
        return session.random.next()
    }

    /// A path the call will write, checked against the session's sandbox.
    public func writablePath(_ name: String) throws -> String {
        let path = try string(name)
        do throws(LangError) { return try session.sandbox.checkWrite(path) } catch {
            throw LangError(error.message, at: ranges[name] ?? callRange)
        }
    }

    /// A path the call will read, relative to the working directory.
    public func readablePath(_ name: String) throws -> String {
        let path = try string(name)
        do throws(LangError) { return try session.sandbox.checkRead(path) } catch {
            throw LangError(error.message, at: ranges[name] ?? callRange)
        }
    }

    private func mismatch(_ name: String, _ expected: String) -> LangError {
        error(name, "`\(name)` must be \(expected), got \(self[name].typeName)")
    }
}
