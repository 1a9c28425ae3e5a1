import Foundation
import Lang

/// Which build of Pleura is running, for cache keys: a stored block is only as good as the
/// engine that computed it, and a rebuilt engine may compute different numbers.
enum EngineBuild {
    /// The version, plus the size and modification time of the running executable (any
    /// rebuild changes them); the version alone where the executable cannot be read.
    static let identity: String = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first ?? ""
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: executable),
              let size = attributes[.size] as? NSNumber, let modified = attributes[.modificationDate] as? Date
        else { return Script.version }
        return "\(Script.version) \(size) \(modified.timeIntervalSince1970)"
    }()
}
