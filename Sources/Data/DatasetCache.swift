import Foundation
import Core

/// The preprocessed form of a dataset on disk, so that loading it again costs a read
/// instead of decoding and resizing every image.
///
/// One file per (folder, layout, selection, preprocessing), named by their hash. It records a
/// fingerprint of every source file's path, size and modification time; when a source
/// changes, the fingerprint differs and the entry is rebuilt. A checksum over the contents
/// detects a damaged file, which is rebuilt too. Files are written atomically.
enum DatasetCache {
    static let magic = Array("PLEURA-DATASET-1".utf8)

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

    /// The dataset stored at `path`, or why it cannot be used.
    static func read(_ path: String, fingerprint: UInt64, sources: DatasetSources,
                     preprocessing: Preprocessing) -> Result<Dataset, CacheMiss> {
        guard FileManager.default.fileExists(atPath: path) else { return .failure(.init("no entry")) }
        do {
            let bytes = try FileIO.read(path: path)
            return try bytes.withUnsafeBytes { raw in
                var reader = ByteReader(raw, source: path)
                guard Array(try reader.take(magic.count)) == magic else { return .failure(.init("corrupt: not a cache file")) }
                guard try reader.u64() == fingerprint else { return .failure(.init("stale: sources or settings changed")) }
                let length = try reader.u64()
                guard length == UInt64(reader.remaining - 8) else { return .failure(.init("corrupt: wrong length")) }
                let payload = try reader.take(Int(length))
                var sum = Checksum()
                sum.add(payload)
                guard try reader.u64() == sum.value else { return .failure(.init("corrupt: checksum mismatch")) }
                var body = ByteReader(payload, source: path)
                return .success(try decode(&body, sources: sources, preprocessing: preprocessing))
            }
        } catch {
            return .failure(.init("corrupt: \(error)"))
        }
    }

    /// Writes `dataset` to `path` atomically: magic, fingerprint, body length, body, and
    /// the checksum of the body, built in one buffer so the pixels are copied once.
    static func write(_ dataset: Dataset, labelSize: (Int, Int), to path: String, fingerprint: UInt64) throws {
        var file = ByteWriter()
        file.bytes += magic
        file.u64(fingerprint)
        let lengthOffset = file.bytes.count
        file.u64(0)
        let bodyStart = file.bytes.count
        file.u32(dataset.count)
        file.u32(labelSize.0)
        file.u32(labelSize.1)
        for i in 0..<dataset.count {
            file.string(dataset.ids[i])
            let m = dataset.metadata[i]
            file.optionalString(m.sex)
            file.u32(m.age.map { $0 + 1 } ?? 0)
            file.optionalString(m.view)
            file.u8(dataset.masks[i] == nil ? 0 : 1)
            let runs = dataset.masks[i] ?? []
            file.u32(runs.count)
            for run in runs {
                file.u32(run.start)
                file.u32(run.length)
            }
        }
        file.strings(dataset.report.labelsWithoutImage)
        file.strings(dataset.report.imagesWithoutLabels)
        file.strings(dataset.report.unreadable)
        file.bytes.reserveCapacity(file.bytes.count + dataset.pixels.count + 8)
        file.bytes += dataset.pixels

        var sum = Checksum()
        file.bytes.withUnsafeBytes { sum.add(UnsafeRawBufferPointer(rebasing: $0[bodyStart...])) }
        file.patch(u64: UInt64(file.bytes.count - bodyStart), at: lengthOffset)
        file.u64(sum.value)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try FileIO.writeAtomically(file.bytes, to: path)
    }

    private static func decode(_ r: inout ByteReader, sources: DatasetSources, preprocessing: Preprocessing) throws -> Dataset {
        let count = try r.u32(), labelWidth = try r.u32(), labelHeight = try r.u32()
        let n = preprocessing.size * preprocessing.size
        guard count <= r.remaining / max(1, n) else { throw InputError(r.source, "\(count) images cannot fit") }
        var ids: [String] = [], metadata: [Metadata] = [], masks: [[Run]?] = []
        for _ in 0..<count {
            ids.append(try r.string())
            let sex = try r.optionalString(), age = try r.u32(), view = try r.optionalString()
            metadata.append(Metadata(sex: sex, age: age == 0 ? nil : age - 1, view: view))
            let hasMask = try r.u8() != 0
            let runCount = try r.u32()
            guard runCount <= r.remaining / 8 else { throw InputError(r.source, at: "offset \(r.offset)", "\(runCount) runs cannot fit") }
            var runs: [Run] = []
            runs.reserveCapacity(runCount)
            for _ in 0..<runCount {
                let run = Run(start: try r.u32(), length: try r.u32())
                guard run.length > 0, run.end <= n else { throw InputError(r.source, at: "offset \(r.offset)", "run outside the mask") }
                runs.append(run)
            }
            masks.append(hasMask ? runs : nil)
        }
        var report = LoadReport()
        report.labelsWithoutImage = try r.strings()
        report.imagesWithoutLabels = try r.strings()
        report.unreadable = try r.strings()
        report.cache = .hit
        guard r.remaining == count * n else { throw InputError(r.source, "pixel block of \(r.remaining) bytes, expected \(count * n)") }
        let pixels = Array(try r.take(count * n))
        let labels = try sources.labels.map { try Labels(contentsOf: $0, width: labelWidth, height: labelHeight) }
        return Dataset(origin: sources.folder, layout: sources.layout, preprocessing: preprocessing, ids: ids,
                       metadata: metadata, masks: masks, labels: labels, report: report, pixels: pixels)
    }
}

/// Why a cache entry was not used.
struct CacheMiss: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
