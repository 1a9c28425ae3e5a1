#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files below a folder, found by a walk that follows symbolic links to folders and to
/// files, because datasets often live on another disk and are linked in (FileManager's
/// enumerator does not follow linked folders).
///
/// Each folder is entered once, keyed by its device and inode: a link back to a folder
/// already searched (a loop, or a second way to one folder) is not followed but reported,
/// so the walk always ends. Hidden entries (names starting with `.`) are skipped.
struct FolderWalk {
    /// Paths of the files kept, as reached from the root (through links, not resolved).
    var files: [String] = []
    /// Kept-looking names that cannot be read as files (a broken link), with the reason.
    var unreadable: [String] = []
    /// Folders not entered (a loop, a folder reached twice, one that cannot be opened),
    /// with the reason.
    var notFollowed: [String] = []

    private struct Identity: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    /// Walks `root`, keeping the files whose path passes `keep`.
    init(below root: String, keeping keep: (String) -> Bool) {
        var seen: [Identity: String] = [:]
        var info = stat()
        guard stat(root, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return }
        seen[Self.identity(info)] = root
        var pending = [root]
        while let folder = pending.popLast() {
            guard let names = Self.names(in: folder) else {
                notFollowed.append("\(folder): cannot open: \(String(cString: strerror(errno)))")
                continue
            }
            for (name, isFile) in names where !name.hasPrefix(".") {
                let path = folder + "/" + name
                if isFile {
                    if keep(path) { files.append(path) }
                    continue
                }
                // stat follows links, so a linked folder or file counts as what it points to.
                guard stat(path, &info) == 0 else {
                    if keep(path) { unreadable.append("\(path): cannot read: \(String(cString: strerror(errno))) (a broken link?)") }
                    continue
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    let identity = Self.identity(info)
                    if let first = seen[identity] {
                        let why = path.hasPrefix(first + "/") ? "links back to the folder \(first) above it (a loop)"
                            : "leads to \(first), already searched"
                        notFollowed.append("\(path): \(why); not followed")
                    } else {
                        seen[identity] = path
                        pending.append(path)
                    }
                case S_IFREG:
                    if keep(path) { files.append(path) }
                default:
                    continue
                }
            }
        }
    }

    /// The size and modification time (in nanoseconds) of the file `path` names, through any
    /// links, so that a cache keyed on them sees a change to a linked file; nil when it
    /// cannot be read.
    static func stamp(of path: String) -> (size: Int64, modified: Int64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        return (Int64(info.st_size), Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec))
    }

    private static func identity(_ info: stat) -> Identity {
        Identity(device: UInt64(truncatingIfNeeded: info.st_dev), inode: UInt64(truncatingIfNeeded: info.st_ino))
    }

    /// The entries of `folder`, each with whether it is certainly a regular file (so needs
    /// no `stat`), or nil when the folder cannot be opened.
    private static func names(in folder: String) -> [(String, Bool)]? {
        guard let stream = opendir(folder) else { return nil }
        defer { closedir(stream) }
        var names: [(String, Bool)] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append((name, Int(entry.pointee.d_type) == Int(DT_REG))) }
        }
        return names
    }
}
