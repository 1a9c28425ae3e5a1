import Foundation

/// The session script format: a header of `#` comments (Pleura version, session seed,
/// date) and one canonical statement per line. Journals and saved sessions share it, so a
/// journal can be replayed like any script.
public enum Script {
    public static let version = "0.1.0"

    /// The header lines for a session with `seed`, dated `date`.
    public static func header(seed: UInt64, date: Date = Date()) -> String {
        "# Pleura \(version) session script\n# seed: \(seed)\n# date: \(utc(date, "%Y-%m-%dT%H:%M:%SZ"))\n"
    }

    /// `date` in UTC through the C library's `strftime`. Foundation's date formatters load
    /// ICU's locale and time-zone data (tens of megabytes) on first use, which a session
    /// start should not wait for.
    public static func utc(_ date: Date, _ format: String) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let length = strftime(&buffer, buffer.count, format, &parts)
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The seed named in a script's header, if it has one.
    public static func seed(in text: String) -> UInt64? {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("#") else { break }
            let words = line.dropFirst().split(separator: " ")
            if words.count == 2 && words[0] == "seed:" { return UInt64(words[1]) }
        }
        return nil
    }

    /// Writes `text` to `path` through a temporary file in the same directory and a rename,
    /// so a crash never leaves half a file.
    public static func writeAtomically(_ text: String, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw LangError("cannot write `\(path)`: \(reason)")
            }
        } catch let error as LangError {
            throw error
        } catch {
            unlink(temporary)
            throw LangError("cannot write `\(path)`: \(error.localizedDescription)")
        }
    }
}
