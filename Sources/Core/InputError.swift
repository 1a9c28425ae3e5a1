/// Bad input from outside (a file, a string, a stream): says which source, where in it, and why.
/// Every reader of outside input throws this, so the user always learns the file, the place
/// and the reason, and the session goes on.
public struct InputError: Error, Equatable, CustomStringConvertible {
    /// The file path, or a label such as `<string>` or `<stdin>`.
    public var source: String
    /// Where in the source: "offset 132, tag (7FE0,0010)", "line 4", "run 3". May be empty.
    public var place: String
    public var reason: String

    public init(_ source: String, at place: String = "", _ reason: String) {
        self.source = source
        self.place = place
        self.reason = reason
    }

    public var description: String {
        place.isEmpty ? "\(source): \(reason)" : "\(source): \(place): \(reason)"
    }
}
