import Foundation
import Core
import Tensor

/// Stored results of blocks, one folder per key under `<notebook>_files/.cache/`: the
/// outputs, copies of the figures, the variables the block assigned (models as state
/// files), the statements it recorded and the generator's position after it. Every file is
/// checked against its checksum before use; a damaged entry is ignored and rebuilt.
struct BlockCache {
    /// The entry's description; `entry.json` holds it and `entry.checksum` its checksum.
    struct Entry: Codable {
        var key: String
        var outputs: [OutputItem]
        /// Figure links of `outputs` with the file (in the entry) holding each.
        var figures: [String: String]
        var variables: [Variable]
        var recorded: [String]
        var seed: UInt64
        var random: SeededGenerator
        /// The checksum of every other file in the entry.
        var digests: [String: String]

        struct Variable: Codable {
            var name: String
            var value: StoredValue
        }
    }

    let directory: String

    func folder(_ key: String) -> String { directory + "/" + key }

    /// The entry for `key` if it is there and intact.
    func entry(_ key: String) -> Entry? {
        let folder = folder(key)
        guard let json = FileManager.default.contents(atPath: folder + "/entry.json"),
              let digest = FileManager.default.contents(atPath: folder + "/entry.checksum"),
              String(decoding: digest, as: UTF8.self) == Checksum.hex(of: json),
              let entry = try? JSONDecoder().decode(Entry.self, from: json), entry.key == key else { return nil }
        for (file, expected) in entry.digests {
            guard let bytes = FileManager.default.contents(atPath: folder + "/" + file), Checksum.hex(of: bytes) == expected
            else { return nil }
        }
        return entry
    }

    /// A fresh scratch folder to build an entry in; `commit` moves it into place.
    func scratch() throws -> String {
        let path = directory + "/.tmp-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Finishes an entry built in `scratch`: digests its files, writes the description and
    /// renames the folder into place, replacing an older entry of the same key.
    func commit(_ entry: Entry, from scratch: String) throws {
        var entry = entry
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch)
        for file in files.sorted() {
            guard let bytes = FileManager.default.contents(atPath: scratch + "/" + file) else {
                throw InputError(scratch + "/" + file, "cannot read back a cache file just written")
            }
            entry.digests[file] = Checksum.hex(of: bytes)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(entry)
        try json.write(to: URL(fileURLWithPath: scratch + "/entry.json"))
        try Data(Checksum.hex(of: json).utf8).write(to: URL(fileURLWithPath: scratch + "/entry.checksum"))
        let target = folder(entry.key)
        try? FileManager.default.removeItem(atPath: target)
        guard rename(scratch, target) == 0 else {
            throw InputError(target, "cannot move the cache entry into place: \(String(cString: strerror(errno)))")
        }
    }

    /// Removes the entries of blocks that no longer exist as they were (after a complete
    /// run, `keys` are all the notebook's blocks), so the cache does not grow with every edit.
    func prune(keeping keys: Set<String>) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where !name.hasPrefix(".") && !keys.contains(name) {
            try? FileManager.default.removeItem(atPath: folder(name))
        }
    }

    /// Removes the entry for `key`, if there is one.
    func remove(_ key: String) { try? FileManager.default.removeItem(atPath: folder(key)) }

    func discard(_ scratch: String) { try? FileManager.default.removeItem(atPath: scratch) }
}
