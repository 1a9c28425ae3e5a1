import Foundation
import Core

/// The preprocessed form of a dataset on disk, memory-mapped by the datasets loaded from
/// it, so that loading it again costs reading an index instead of decoding every image,
/// and the pixels never enter the process's anonymous memory.
///
/// One file per (folder, layout, selection, preprocessing), named by their hash:
///
///     offset 0       header: magic "PLEURA-DATASET-2", fingerprint, slots, bytes per
///                    image, index offset, index length, index checksum, header checksum
///                    (u64 little-endian each)
///     offset 65536   pixel block: one slot of size*size bytes per source image, in the
///                    sources' order (a slot whose file was unreadable stays zero)
///     index offset   index: label mask size; each slot's checksum; the samples (slot, id,
///                    metadata, mask runs); the load report
///
/// The pixel block starts at 64 KiB, a multiple of every page size in use (4, 16 and
/// 64 KiB), so it can be mapped directly.
///
/// What a load verifies: the header and the index always (their checksums; a few MB even
/// for 12,047 images), plus the fingerprint of every source file's path, size and
/// modification time, so a changed source rebuilds the entry. The pixel block (3 GB for
/// 12,047 images at 512 px) is not read at load time, which would make a load cost as much
/// as reading the whole file: each image is checked against its slot checksum the first
/// time it is read (`PixelStore`), which costs a hash of 256 KB on top of reading it. A
/// damaged image is an error naming the file; the file is then removed, so the next load
/// rebuilds it.
///
/// A build writes a temporary file beside the entry and renames it into place only when
/// every image, the index and the header are written and synced. An interrupted or failed
/// build leaves no file under the entry's name.
enum DatasetCache {
    static let magic = Array("PLEURA-DATASET-2".utf8)
    static let pixelOffset = 65_536
    static let headerLength = 16 + 8 * 7

    /// The cache file for `sources` under `directory`.
    static func path(for sources: DatasetSources, _ preprocessing: Preprocessing, in directory: String) -> String {
        var key = Checksum()
        key.add(URL(fileURLWithPath: sources.folder).standardizedFileURL.path)
        key.add(sources.layout.rawValue)
        key.add(sources.selection.key)
        key.add(preprocessing.description)
        return (directory as NSString).appendingPathComponent("\(key.hex).pleuracache")
    }

    /// A hash of the files' paths, sizes and modification times and of the settings.
    /// `stat` itself, not `FileManager.attributesOfItem`, which also looks up owner names and
    /// took 0.85 s instead of 0.1 s for 12,047 files (a second load's budget is 2 s).
    static func fingerprint(of sources: DatasetSources, _ preprocessing: Preprocessing) -> UInt64 {
        var hash = Checksum()
        hash.add(String(decoding: magic, as: UTF8.self))
        hash.add(preprocessing.description)
        for file in sources.files.sorted() {
            hash.add(file)
            // Through links: a linked file that changes makes the entry stale.
            let stamp = FolderWalk.stamp(of: file)
            hash.add(UInt64(bitPattern: stamp?.size ?? -1))
            hash.add(UInt64(bitPattern: stamp?.modified ?? 0))
        }
        return hash.value
    }

    /// The dataset stored at `path`, its pixels mapped, or why it cannot be used.
    static func read(_ path: String, fingerprint: UInt64, sources: DatasetSources,
                     preprocessing: Preprocessing) -> Result<Dataset, CacheMiss> {
        guard FileManager.default.fileExists(atPath: path) else { return .failure(.init("no entry")) }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return .failure(.init("unreadable: \(String(cString: strerror(errno)))")) }
        defer { close(fd) }
        do {
            var info = stat()
            guard fstat(fd, &info) == 0 else { return .failure(.init("unreadable: cannot stat")) }
            let fileSize = Int(info.st_size)
            let header = try readBytes(fd, path, at: 0, count: min(fileSize, headerLength))
            guard header.count == headerLength, Array(header[0..<magic.count]) == magic else {
                return .failure(.init("corrupt: not a cache file of this version"))
            }
            let fields = header.withUnsafeBytes { raw in
                (0..<7).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: magic.count + 8 * $0, as: UInt64.self)) }
            }
            var sum = Checksum()
            header.withUnsafeBytes { sum.add(UnsafeRawBufferPointer(rebasing: $0[0..<(headerLength - 8)])) }
            guard fields[6] == sum.value else { return .failure(.init("corrupt: header checksum mismatch")) }
            guard fields[0] == fingerprint else { return .failure(.init("stale: sources or settings changed")) }
            let n = preprocessing.size * preprocessing.size
            let slots = fields[1], imageBytes = fields[2], indexOffset = fields[3], indexLength = fields[4]
            guard imageBytes == UInt64(n), slots <= UInt64(fileSize / max(1, n)),
                  indexOffset == UInt64(pixelOffset) + slots * imageBytes,
                  indexLength <= UInt64(fileSize), indexOffset + indexLength == UInt64(fileSize) else {
                return .failure(.init("corrupt: wrong length"))
            }
            let index = try readBytes(fd, path, at: Int(indexOffset), count: Int(indexLength))
            var indexSum = Checksum()
            index.withUnsafeBytes { indexSum.add($0) }
            guard fields[5] == indexSum.value else { return .failure(.init("corrupt: index checksum mismatch")) }
            return .success(try index.withUnsafeBytes { raw in
                var reader = ByteReader(raw, source: path)
                return try decode(&reader, path: path, slots: Int(slots), sources: sources, preprocessing: preprocessing)
            })
        } catch {
            return .failure(.init("corrupt: \(error)"))
        }
    }

    /// The index of a dataset whose samples lie in `slots` of the pixel block.
    static func index(of samples: Dataset.Catalog, labelSize: (Int, Int), checksums: [UInt64]) -> [UInt8] {
        var file = ByteWriter()
        file.u32(labelSize.0)
        file.u32(labelSize.1)
        for sum in checksums { file.u64(sum) }
        file.u32(samples.ids.count)
        for i in samples.ids.indices {
            file.u32(samples.slots[i])
            file.string(samples.ids[i])
            let m = samples.metadata[i]
            file.optionalString(m.sex)
            file.u32(m.age.map { $0 + 1 } ?? 0)
            file.optionalString(m.view)
            file.u8(samples.masks[i] == nil ? 0 : 1)
            let runs = samples.masks[i] ?? []
            file.u32(runs.count)
            for run in runs {
                file.u32(run.start)
                file.u32(run.length)
            }
        }
        file.strings(samples.report.labelsWithoutImage)
        file.strings(samples.report.imagesWithoutLabels)
        file.strings(samples.report.unreadable)
        return file.bytes
    }

    private static func decode(_ r: inout ByteReader, path: String, slots: Int, sources: DatasetSources,
                               preprocessing: Preprocessing) throws -> Dataset {
        let labelWidth = try r.u32(), labelHeight = try r.u32()
        guard slots <= r.remaining / 8 else { throw InputError(path, "\(slots) slot checksums cannot fit") }
        let checksums = try (0..<slots).map { _ in try r.u64() }
        let n = preprocessing.size * preprocessing.size
        let count = try r.u32()
        guard count <= slots else { throw InputError(path, "\(count) samples for \(slots) slots") }
        var ids: [String] = [], metadata: [Metadata] = [], masks: [[Run]?] = [], sampleSlots: [Int] = []
        for _ in 0..<count {
            let slot = try r.u32()
            guard slot < slots else { throw InputError(path, at: "offset \(r.offset)", "slot \(slot) outside the pixel block") }
            sampleSlots.append(slot)
            ids.append(try r.string())
            let sex = try r.optionalString(), age = try r.u32(), view = try r.optionalString()
            metadata.append(Metadata(sex: sex, age: age == 0 ? nil : age - 1, view: view))
            let hasMask = try r.u8() != 0
            let runCount = try r.u32()
            guard runCount <= r.remaining / 8 else { throw InputError(path, at: "offset \(r.offset)", "\(runCount) runs cannot fit") }
            var runs: [Run] = []
            runs.reserveCapacity(runCount)
            for _ in 0..<runCount {
                let run = Run(start: try r.u32(), length: try r.u32())
                guard run.length > 0, run.end <= n else { throw InputError(path, at: "offset \(r.offset)", "run outside the mask") }
                runs.append(run)
            }
            masks.append(hasMask ? runs : nil)
        }
        var report = LoadReport()
        report.labelsWithoutImage = try r.strings()
        report.imagesWithoutLabels = try r.strings()
        report.unreadable = try r.strings()
        report.cache = .hit
        guard r.remaining == 0 else { throw InputError(path, "\(r.remaining) bytes after the index") }
        let labels = try sources.labels.map { try Labels(contentsOf: $0, width: labelWidth, height: labelHeight) }
        let store = try PixelStore(mapping: path, offset: pixelOffset, slots: slots, imageBytes: n, checksums: checksums)
        return Dataset(origin: sources.folder, layout: sources.layout, preprocessing: preprocessing, ids: ids,
                       metadata: metadata, masks: masks, labels: labels, report: report, store: store, slots: sampleSlots)
    }

    /// Reads `count` bytes at `offset`; a short file is an error.
    private static func readBytes(_ fd: Int32, _ path: String, at offset: Int, count: Int) throws -> [UInt8] {
        var failure: String?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, done in
            done = 0
            while done < count {
                let got = pread(fd, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if got < 0, errno == EINTR { continue }
                if got <= 0 {
                    failure = got == 0 ? "ends at \(offset + done), expected \(offset + count) bytes"
                        : "read failed at \(offset + done): \(String(cString: strerror(errno)))"
                    return
                }
                done += got
            }
        }
        if let failure { throw InputError(path, failure) }
        return bytes
    }
}

/// Why a cache entry was not used.
struct CacheMiss: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// A cache file being built: a temporary file beside the entry, sized for every slot,
/// into which the loader's threads write images as they are decoded (positioned writes, so
/// no image is held longer than it takes to write it), renamed into place by `finish`.
final class CacheFileBuilder: @unchecked Sendable {
    let path: String
    let temporary: String
    let slots: Int
    let imageBytes: Int
    private var fd: Int32

    /// Creates the temporary file for `slots` images of `imageBytes` bytes.
    init(path: String, slots: Int, imageBytes: Int) throws {
        self.path = path
        self.slots = slots
        self.imageBytes = imageBytes
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        Self.removeOrphans(of: path)
        temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        fd = open(temporary, O_RDWR | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw InputError(path, "cannot create \(temporary): \(Self.errnoText())") }
        guard ftruncate(fd, off_t(DatasetCache.pixelOffset + slots * imageBytes)) == 0 else {
            let reason = Self.errnoText()
            abandon()
            throw InputError(path, "cannot size \(temporary): \(reason)")
        }
    }

    deinit { abandon() }

    /// Writes the pixels of `slot`. Safe to call from several threads for different slots.
    func write(slot: Int, _ pixels: UnsafeRawBufferPointer) throws {
        try write(pixels, at: DatasetCache.pixelOffset + slot * imageBytes)
    }

    /// Writes the index and the header, syncs, renames the file into place and maps it.
    func finish(fingerprint: UInt64, checksums: [UInt64], index: [UInt8]) throws -> PixelStore {
        let indexOffset = DatasetCache.pixelOffset + slots * imageBytes
        try index.withUnsafeBytes { try write($0, at: indexOffset) }
        var header = ByteWriter()
        header.bytes += DatasetCache.magic
        var indexSum = Checksum()
        index.withUnsafeBytes { indexSum.add($0) }
        for field in [fingerprint, UInt64(slots), UInt64(imageBytes), UInt64(indexOffset), UInt64(index.count), indexSum.value] {
            header.u64(field)
        }
        var headerSum = Checksum()
        header.bytes.withUnsafeBytes { headerSum.add($0) }
        header.u64(headerSum.value)
        try header.bytes.withUnsafeBytes { try write($0, at: 0) }
        // The data reaches the disk before the name does, so a crash cannot leave a complete-looking entry.
        guard fsync(fd) == 0 else { throw InputError(path, "fsync of \(temporary) failed: \(Self.errnoText())") }
        close(fd)
        fd = -1
        guard rename(temporary, path) == 0 else {
            let reason = Self.errnoText()
            unlink(temporary)
            throw InputError(path, "rename failed: \(reason)")
        }
        return try PixelStore(mapping: path, offset: DatasetCache.pixelOffset, slots: slots, imageBytes: imageBytes,
                              checksums: checksums)
    }

    /// Closes and removes the temporary file, if it is still there.
    func abandon() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
        unlink(temporary)
    }

    /// Removes the temporary files of earlier builds of `path` whose process is gone (killed
    /// outright, so that it could not remove its own): each may hold gigabytes.
    private static func removeOrphans(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let prefix = (path as NSString).lastPathComponent + ".tmp-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink((folder as NSString).appendingPathComponent(name)) }
        }
    }

    private func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, base + done, bytes.count - done, off_t(offset + done))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw InputError(temporary, "write failed at offset \(offset + done): \(Self.errnoText())") }
            done += n
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
