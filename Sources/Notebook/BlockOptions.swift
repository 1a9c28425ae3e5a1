import Core
import Lang

/// The options a code block takes in its info string: ```` ```pleura {echo=false, cache=true} ````.
///
/// - `echo` (default true): exports show the code; `echo=false` shows only the output.
/// - `skip` (default false): the block is not run and has no output.
/// - `cache` (default `auto`): `auto` stores blocks that take a while, `true` stores the block
///   whatever its time, `false` never stores it.
/// - `error` (default false): the block is expected to fail; its error is shown and the run
///   goes on without counting a failure.
public struct BlockOptions: Equatable, Sendable {
    public enum CachePolicy: String, Sendable { case auto, always = "true", never = "false" }

    public var echo = true
    public var skip = false
    public var cache = CachePolicy.auto
    public var error = false

    public static let names = ["echo", "skip", "cache", "error"]

    public init() {}

    /// Parses what follows `pleura` in an info string: nothing, or `{name=value, ...}`.
    /// `place` names the line for errors.
    public init(parsing text: String, source: String, place: String) throws {
        var body = Substring(text).trimmingSpaces
        if body.isEmpty { return }
        guard body.hasPrefix("{"), body.hasSuffix("}") else {
            throw InputError(source, at: place, "block options go in braces, as in {echo=false, cache=true}; got `\(body)`")
        }
        body = body.dropFirst().dropLast()
        var seen: Set<String> = []
        for item in body.split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces }
            guard pair.count == 2, !pair[0].isEmpty else {
                throw InputError(source, at: place, "a block option has the form name=value, got `\(item.trimmingSpaces)`")
            }
            let (name, value) = (String(pair[0]), String(pair[1]))
            guard seen.insert(name).inserted else { throw InputError(source, at: place, "the option `\(name)` is given twice") }
            func flag() throws -> Bool {
                switch value {
                case "true": return true
                case "false": return false
                default: throw InputError(source, at: place, "`\(name)` must be true or false, got `\(value)`")
                }
            }
            switch name {
            case "echo": echo = try flag()
            case "skip": skip = try flag()
            case "error": error = try flag()
            case "cache":
                guard let policy = CachePolicy(rawValue: value) else {
                    throw InputError(source, at: place, "`cache` must be auto, true or false, got `\(value)`")
                }
                cache = policy
            default:
                let hint = Suggestions.nearest(to: name, in: Self.names).map { "; did you mean `\($0)`?" } ?? ""
                throw InputError(source, at: place, "unknown block option `\(name)` (options: \(Self.names.joined(separator: ", ")))\(hint)")
            }
        }
    }

    /// Every option spelled out, in a fixed order: part of the cache key.
    public var canonical: String {
        "echo=\(echo), skip=\(skip), cache=\(cache.rawValue), error=\(error)"
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
        return s
    }
}
