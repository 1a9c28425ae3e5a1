#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and atomic writes, with errors that name the file and the reason.
public enum FileIO {
    /// Reads the whole file at `path`.
    public static func read(path: String) throws -> [UInt8] {
        let (bytes, size) = try read(path: path, upTo: .max)
        guard bytes.count == size else { throw InputError(path, "file shrank to \(bytes.count) bytes while reading \(size)") }
        return bytes
    }

    /// Reads at most the first `limit` bytes of the file at `path`, and gives its whole size.
    public static func read(path: String, upTo limit: Int) throws -> (bytes: [UInt8], fileSize: Int) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw InputError(path, "cannot open: \(errnoText())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw InputError(path, "cannot stat: \(errnoText())") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw InputError(path, "not a regular file") }
        let size = Int(info.st_size), wanted = min(size, max(0, limit))
        var failure: String?
        let bytes = [UInt8](unsafeUninitializedCapacity: wanted) { buffer, count in
            var done = 0
            while done < wanted {
                let n = systemRead(fd, buffer.baseAddress! + done, wanted - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = "read failed at offset \(done): \(errnoText())"
                    break
                }
                if n == 0 { break }
                done += n
            }
            count = done
        }
        if let failure { throw InputError(path, failure) }
        return (bytes, size)
    }

    /// Writes `bytes` to `path` atomically: a temporary file in the same folder, then `rename`,
    /// so a crash or a full disk never leaves half a file where a whole one was expected.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw InputError(path, "cannot create \(temporary): \(errnoText())") }
        var failure: String?
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = "write failed at offset \(done): \(errnoText())"
                    return
                }
                done += n
            }
        }
        if failure == nil && fsync(fd) != 0 { failure = "fsync failed: \(errnoText())" }
        if close(fd) != 0 && failure == nil { failure = "close failed: \(errnoText())" }
        if failure == nil && rename(temporary, path) != 0 { failure = "rename failed: \(errnoText())" }
        if let failure {
            unlink(temporary)
            throw InputError(path, failure)
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

// At file scope, `read` means the system call, not `FileIO.read(path:)`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    read(fd, buffer, count)
}
