import Foundation

/// An append-only record of a live session: the script header, then each successful
/// statement, written with one `write` and `fsync` as soon as it succeeds. A killed
/// session therefore loses nothing; `pleura --recover` replays what is left.
public final class Journal {
    public let path: String
    private var descriptor: Int32

    /// Creates (or truncates) the journal at `path` and writes the header.
    public init(path: String, seed: UInt64) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw LangError("cannot create the journal `\(path)`: \(String(cString: strerror(errno)))")
        }
        try append(Script.header(seed: seed))
    }

    deinit { close(descriptor) }

    /// Appends one statement line.
    public func record(_ statement: String) throws {
        try append(statement + "\n")
    }

    /// Starts over with a fresh header (after `:reset`).
    public func restart(seed: UInt64) throws {
        guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw LangError("cannot reset the journal `\(path)`: \(String(cString: strerror(errno)))")
        }
        try append(Script.header(seed: seed))
    }

    private func append(_ text: String) throws {
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
