import Foundation

/// An append-only record of a live session: the script header, then each successful
/// statement, written with one `write` and `fsync` as soon as it succeeds. A killed
/// session therefore loses nothing; `pleura --recover` replays what is left.
///
/// The file is created by the first statement recorded, not when the session starts: an
/// `fsync` can wait seconds on a busy disk (it commits the file system's pending journal),
/// and a session that records nothing leaves nothing to recover.
public final class Journal {
    public let path: String
    private var seed: UInt64
    /// The open file, once the first statement has created it.
    private var descriptor: Int32?

    /// A journal at `path`, in a folder that must exist; nothing is written yet.
    public init(path: String, seed: UInt64) throws {
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder),
              isFolder.boolValue else {
            throw LangError("cannot create the journal `\(path)`: no such folder")
        }
        self.path = path
        self.seed = seed
    }

    deinit { if let descriptor { close(descriptor) } }

    /// Appends one statement line, creating the file with its header first if need be.
    public func record(_ statement: String) throws {
        if let descriptor { return try append(statement + "\n", to: descriptor) }
        let opened = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard opened >= 0 else {
            throw LangError("cannot create the journal `\(path)`: \(String(cString: strerror(errno)))")
        }
        descriptor = opened
        try append(Script.header(seed: seed) + statement + "\n", to: opened)
    }

    /// Starts over with a fresh header (after `:reset`); a journal not created yet just
    /// takes the new seed.
    public func restart(seed: UInt64) throws {
        self.seed = seed
        guard let descriptor else { return }
        guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw LangError("cannot reset the journal `\(path)`: \(String(cString: strerror(errno)))")
        }
        try append(Script.header(seed: seed), to: descriptor)
    }

    private func append(_ text: String, to descriptor: Int32) throws {
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw LangError("cannot write the journal `\(path)`: \(String(cString: strerror(errno)))")
            }
            written += n
        }
        fsync(descriptor)
    }
}
