import Foundation
import Core
import Synchronization
import Imaging
import Tensor

extension Dataset {
    /// `$XDG_CACHE_HOME/pleura`, else `~/.cache/pleura`.
    public static var defaultCacheDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".cache")
        return (base as NSString).appendingPathComponent("pleura")
    }

    /// Loads the part `selection` asks for of the dataset in `folder`, detecting its layout
    /// (see `DatasetSources`), and preprocesses every image in parallel.
    ///
    /// Label rows whose image is missing, images without labels (left out unless kept),
    /// unreadable files and links not followed are listed in `report` rather than stopping
    /// the load, unless `selection.strict`. With a `cacheDirectory`, the images are decoded
    /// straight into a new cache file, which the dataset then maps (see `DatasetCache`), and
    /// a second load of unchanged files with the same settings maps that file again without
    /// decoding anything. Without one, the pixels are held in memory. `progress` hears how
    /// decoding advances, from the decoding threads, a few times a second and once at the
    /// end. Ctrl-C (`Interrupt`) stops the load with `Interrupted` and leaves no cache entry.
    public static func load(_ folder: String, preprocessing: Preprocessing = Preprocessing(),
                            selection: DatasetSelection = DatasetSelection(),
                            cacheDirectory: String? = Dataset.defaultCacheDirectory,
                            progress: (@Sendable (LoadProgress) -> Void)? = nil) throws -> Dataset {
        guard (8...4096).contains(preprocessing.size) else {
            throw InputError(folder, "size \(preprocessing.size) is outside 8...4096")
        }
        let sources = try DatasetSources.find(in: folder, selection)
        if selection.strict, let problem = sources.report.firstProblem { throw InputError(folder, "strict=true: " + problem) }
        let dataset = try loadItems(sources, preprocessing, cacheDirectory: cacheDirectory, progress: progress)
        // The listing's findings are current; the loader's (unreadable files) may come from the cache.
        var report = sources.report
        report.unreadable += dataset.report.unreadable
        report.cache = dataset.report.cache
        if selection.strict, let problem = report.firstProblem { throw InputError(folder, "strict=true: " + problem) }
        return dataset.with(report: report)
    }

    func with(report: LoadReport) -> Dataset {
        Dataset(origin: origin, layout: layout, preprocessing: preprocessing, ids: ids, metadata: metadata,
                masks: masks, labels: labels, report: report, store: store, slots: slots)
    }

    /// The items of `sources`, from the cache when it holds them.
    private static func loadItems(_ sources: DatasetSources, _ preprocessing: Preprocessing, cacheDirectory: String?,
                                  progress: (@Sendable (LoadProgress) -> Void)?) throws -> Dataset {
        guard let cacheDirectory else {
            return try build(sources, preprocessing, cache: .none, into: nil, progress: progress)
        }
        let path = DatasetCache.path(for: sources, preprocessing, in: cacheDirectory)
        let fingerprint = DatasetCache.fingerprint(of: sources, preprocessing)
        let reason: String
        switch DatasetCache.read(path, fingerprint: fingerprint, sources: sources, preprocessing: preprocessing) {
        case .success(let dataset): return dataset
        case .failure(let miss): reason = miss.reason
        }
        let builder: CacheFileBuilder
        do {
            builder = try CacheFileBuilder(path: path, slots: sources.items.count,
                                           imageBytes: preprocessing.size * preprocessing.size)
        } catch {
            return try build(sources, preprocessing, cache: .rebuilt(reason: "\(reason); not saved: \(error)"),
                             into: nil, progress: progress)
        }
        // Whatever stops the build (Ctrl-C, an error) removes the unfinished file.
        defer { builder.abandon() }
        do {
            return try build(sources, preprocessing, cache: .rebuilt(reason: reason), into: (builder, fingerprint),
                             progress: progress)
        } catch let failure as CacheWriteFailure {
            // A full disk, say: the images are still wanted, so decode them again into memory.
            return try build(sources, preprocessing, cache: .rebuilt(reason: "\(reason); not saved: \(failure.error)"),
                             into: nil, progress: progress)
        }
    }

    /// What a load found besides the pixels, sample by sample: the cache index's content.
    struct Catalog {
        var ids: [String] = []
        var metadata: [Metadata] = []
        var masks: [[Run]?] = []
        /// The pixel-store slot of each sample.
        var slots: [Int] = []
        var report = LoadReport()
    }

    /// Where a build puts the pixels.
    private enum Destination {
        case memory(PixelStore)
        case file(CacheFileBuilder, fingerprint: UInt64)
    }

    /// A cache file could not be written while building (the images themselves were fine).
    private struct CacheWriteFailure: Error {
        let error: any Error
    }

    /// What loading one image gave besides its pixels: its mask, its metadata, or why it
    /// was skipped.
    private struct Loaded {
        var mask: [Run]?
        var metadata = Metadata()
        var failure: String?
    }

    /// Decodes and preprocesses every source in parallel, each image written straight into
    /// its slot of the cache file being built (`into`) or, without one, of a store in memory.
    private static func build(_ sources: DatasetSources, _ preprocessing: Preprocessing, cache: CacheUse,
                              into target: (builder: CacheFileBuilder, fingerprint: UInt64)?,
                              progress: (@Sendable (LoadProgress) -> Void)?) throws -> Dataset {
        let items = sources.items
        // SIIM labels are decoded at the images' own size, which the first readable image tells.
        var labels: Labels?
        if let labelPath = sources.labels {
            var size = (1024, 1024)
            for item in items {
                if let (image, _) = try? readImage(item.image) { size = (image.width, image.height); break }
            }
            labels = try Labels(contentsOf: labelPath, width: size.0, height: size.1)
        }

        let n = preprocessing.size * preprocessing.size
        let destination: Destination
        if let target {
            destination = .file(target.builder, fingerprint: target.fingerprint)
        } else {
            let memory = ProcessInfo.processInfo.physicalMemory
            guard UInt64(items.count) * UInt64(n) < memory / 2 else {
                throw InputError(sources.folder, "\(items.count) images at \(preprocessing.size) px need \(items.count * n >> 20) MiB, "
                                 + "more than half of this machine's \(memory >> 20) MiB; load with the cache on, or choose a smaller size")
            }
            destination = .memory(try PixelStore(slots: items.count, imageBytes: n))
        }
        var loaded = [Loaded](repeating: Loaded(), count: items.count)
        var checksums = [UInt64](repeating: 0, count: items.count)
        let writeFailure = Mutex<(any Error)?>(nil)
        let meter = LoadMeter(total: items.count, report: progress)
        let interrupt = Interrupt.current
        loaded.withUnsafeMutableBufferPointer { results in
            checksums.withUnsafeMutableBufferPointer { sums in
                Parallel.forEach(items.count) { i in
                    if interrupt.isRequested || writeFailure.withLock({ $0 != nil }) { return }
                    let (result, pixels) = load(items[i], labels: labels, preprocessing)
                    results[i] = result
                    if result.failure == nil {
                        switch destination {
                        case .memory(let store):
                            _ = store.writableSlot(i).update(fromContentsOf: pixels)
                        case .file(let builder, _):
                            var sum = Checksum()
                            pixels.withUnsafeBytes { sum.add($0) }
                            sums[i] = sum.value
                            do {
                                try pixels.withUnsafeBytes { try builder.write(slot: i, $0) }
                            } catch {
                                writeFailure.withLock { $0 = $0 ?? error }
                            }
                        }
                    }
                    meter.advance()
                }
            }
        }
        if let error = writeFailure.withLock({ $0 }) { throw CacheWriteFailure(error: error) }
        try interrupt.check()
        meter.finish()

        var catalog = Catalog()
        catalog.report.cache = cache
        for (i, (item, result)) in zip(items, loaded).enumerated() {
            if let failure = result.failure {
                catalog.report.unreadable.append(failure)
                continue
            }
            catalog.ids.append(item.id)
            catalog.metadata.append(result.metadata)
            catalog.masks.append(result.mask)
            catalog.slots.append(i)
        }
        let labelSize = labels.map { ($0.width, $0.height) } ?? (0, 0)
        let store: PixelStore
        switch destination {
        case .memory(let memory): store = memory
        case .file(let builder, let fingerprint):
            // Only now, complete, does the file get the entry's name.
            do {
                store = try builder.finish(fingerprint: fingerprint, checksums: checksums,
                                           index: DatasetCache.index(of: catalog, labelSize: labelSize, checksums: checksums))
            } catch {
                throw CacheWriteFailure(error: error)
            }
        }
        return Dataset(origin: sources.folder, layout: sources.layout, preprocessing: preprocessing, ids: catalog.ids,
                       metadata: catalog.metadata, masks: catalog.masks, labels: labels, report: catalog.report,
                       store: store, slots: catalog.slots)
    }

    /// Reads `item`: its preprocessed pixels (empty when it failed) and the rest.
    private static func load(_ item: DatasetSources.Item, labels: Labels?,
                             _ preprocessing: Preprocessing) -> (Loaded, [UInt8]) {
        var result = Loaded()
        var pixels: [UInt8] = []
        do {
            let (image, metadata) = try readImage(item.image)
            result.metadata = metadata
            pixels = try preprocessing.prepare(image)
            if let maskPath = item.mask {
                let samples = try PNG.readSamples(path: maskPath)
                let mask = Mask(width: samples.width, height: samples.height,
                                pixels: samples.values.map { Int($0) * 2 > samples.maxValue ? 1 : 0 })
                result.mask = try preprocessing.prepare(mask)
            } else if let labels, let label = labels[item.id] {
                guard image.width == labels.width, image.height == labels.height else {
                    throw InputError(item.image, "the image is \(image.width)x\(image.height) but the labels are for \(labels.width)x\(labels.height)")
                }
                result.mask = try preprocessing.prepare(RLE.mask(label.union, width: labels.width, height: labels.height))
            }
        } catch {
            result.failure = "\(error)"
        }
        return (result, pixels)
    }

    /// Reads one image file by its extension, with the metadata its header carries.
    static func readImage(_ path: String) throws -> (Image, Metadata) {
        switch (path as NSString).pathExtension.lowercased() {
        case "png": return (try PNG.read(path: path), Metadata())
        case "jpg", "jpeg": return (try JPEG.read(path: path), Metadata())
        case "dcm":
            let file = try DICOMFile.read(path: path)
            let header = file.metadata
            let metadata = Metadata(sex: header.patientSex.flatMap { $0.isEmpty ? nil : $0 },
                                    age: header.patientAge.map { Int($0.years) },
                                    view: header.viewPosition.flatMap { $0.isEmpty ? nil : $0 })
            return (try file.image(), metadata)
        default: throw InputError(path, "not a PNG, JPEG or DICOM file")
        }
    }
}
