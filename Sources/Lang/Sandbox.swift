import Foundation

/// Where a script may write: the working directory, the `--out` directory and any
/// directory the user allowed with `--allow-write`. Paths are resolved through `..` and
/// symbolic links before the check, so neither can escape.
public struct Sandbox: Sendable {
    public let workingDirectory: String
    public let writableRoots: [String]
    /// Whether scripts may name files at all; off, every read and write is refused
    /// (the fuzzer runs scripts so, to reach the language and not the disk).
    public let allowsFiles: Bool
    /// Where this session's writes really go, mirroring their absolute paths, when it must
    /// leave the user's files alone: the ranks other than 0 of an `mpirun` job, which run the
    /// same script as rank 0 and would write the same files. Reads look there first, so
    /// such a rank still reads back what it wrote.
    public let privateWrites: String?

    /// `allowed` paths may be relative to `workingDirectory`.
    public init(workingDirectory: String = FileManager.default.currentDirectoryPath,
                out: String? = nil, allowed: [String] = [], allowsFiles: Bool = true, privateWrites: String? = nil) {
        self.privateWrites = privateWrites
        let cwd = Self.canonical(workingDirectory, relativeTo: "/")
        self.workingDirectory = cwd
        self.writableRoots = ([cwd] + (out.map { [$0] } ?? []) + allowed).map { Self.canonical($0, relativeTo: cwd) }
        self.allowsFiles = allowsFiles
    }

    /// `path` resolved for reading, or an error when this sandbox allows no files.
    public func checkRead(_ path: String) throws(LangError) -> String {
        guard allowsFiles else { throw LangError("reading `\(path)` is not allowed: this session has no file access") }
        let resolved = resolve(path)
        if let privateWrites, FileManager.default.fileExists(atPath: privateWrites + resolved) { return privateWrites + resolved }
        return resolved
    }

    /// `path` made absolute against the working directory (what readers open).
    public func resolve(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let absolute = expanded.hasPrefix("/") ? expanded : workingDirectory + "/" + expanded
        return (absolute as NSString).standardizingPath
    }

    /// The resolved path, if writing it is allowed and the folder it goes in exists;
    /// otherwise an error saying how to allow it, or which folder is missing (checked here,
    /// before any work, so the message names the folder as the user wrote it).
    public func checkWrite(_ path: String) throws(LangError) -> String {
        guard allowsFiles else { throw LangError("writing `\(path)` is not allowed: this session has no file access") }
        let resolved = Self.canonical(path, relativeTo: workingDirectory)
        guard writableRoots.contains(where: { resolved == $0 || resolved.hasPrefix($0 == "/" ? "/" : $0 + "/") }) else {
            throw LangError("writing `\(path)` is not allowed: it is outside the working directory; "
                            + "pass --allow-write=\((resolved as NSString).deletingLastPathComponent) to allow it")
        }
        let absolute = resolve(path)
        var isFolder: ObjCBool = false
        let parent = (absolute as NSString).deletingLastPathComponent
        let exists = FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder)
        if !exists || !isFolder.boolValue {
            let written = (path as NSString).deletingLastPathComponent
            throw LangError("\(exists ? "not a folder" : "no such folder"): \(written.isEmpty ? parent : written)")
        }
        guard let privateWrites else { return absolute }
        do {
            try FileManager.default.createDirectory(atPath: privateWrites + parent, withIntermediateDirectories: true)
        } catch {
            throw LangError("cannot prepare the private folder for `\(path)`: \(error.localizedDescription)")
        }
        return privateWrites + absolute
    }

    /// The absolute path with `.`, `..` and the symbolic links of its existing part resolved.
    static func canonical(_ path: String, relativeTo base: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let absolute = ((expanded.hasPrefix("/") ? expanded : base + "/" + expanded) as NSString).standardizingPath
        // Resolve links on the longest prefix that exists; the rest cannot be a link yet.
        var existing = absolute
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing) && existing != "/" {
            rest.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
        let real = URL(fileURLWithPath: existing).resolvingSymlinksInPath().path
        return rest.reduce(real) { ($0 as NSString).appendingPathComponent($1) }
    }
}
