import Foundation
import Core
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
    /// the load, unless `selection.strict`. With a `cacheDirectory`, a second load of
    /// unchanged files with the same settings is read from the cache. Ctrl-C (`Interrupt`)
    /// stops the load with `Interrupted`.
    public static func load(_ folder: String, preprocessing: Preprocessing = Preprocessing(),
                            selection: DatasetSelection = DatasetSelection(),
                            cacheDirectory: String? = Dataset.defaultCacheDirectory) throws -> Dataset {
        guard (8...4096).contains(preprocessing.size) else {
            throw InputError(folder, "size \(preprocessing.size) is outside 8...4096")
        }
        let sources = try DatasetSources.find(in: folder, selection)
        if selection.strict, let problem = sources.report.firstProblem { throw InputError(folder, "strict=true: " + problem) }
        let dataset = try loadItems(sources, preprocessing, cacheDirectory: cacheDirectory)
        // The listing's findings are current; the loader's (unreadable files) may come from the cache.
        var report = sources.report
        report.unreadable += dataset.report.unreadable
        report.cache = dataset.report.cache
        if selection.strict, let problem = report.firstProblem { throw InputError(folder, "strict=true: " + problem) }
        return dataset.with(report: report)
    }

    /// The items of `sources`, from the cache when it holds them.
    private static func loadItems(_ sources: DatasetSources, _ preprocessing: Preprocessing,
                                  cacheDirectory: String?) throws -> Dataset {
        guard let cacheDirectory else {
            return try build(sources, preprocessing, cache: .none).dataset
        }
        let path = DatasetCache.path(for: sources, preprocessing, in: cacheDirectory)
        let fingerprint = DatasetCache.fingerprint(of: sources, preprocessing)
        let reason: String
        switch DatasetCache.read(path, fingerprint: fingerprint, sources: sources, preprocessing: preprocessing) {
        case .success(let dataset): return dataset
        case .failure(let miss): reason = miss.reason
        }
        var (dataset, labelSize) = try build(sources, preprocessing, cache: .rebuilt(reason: reason))
        do {
            try DatasetCache.write(dataset, labelSize: labelSize, to: path, fingerprint: fingerprint)
        } catch {
            var report = dataset.report
            report.cache = .rebuilt(reason: "\(reason); not saved: \(error)")
            dataset = dataset.with(report: report)
        }
        return dataset
    }

    func with(report: LoadReport) -> Dataset {
        Dataset(origin: origin, layout: layout, preprocessing: preprocessing, ids: ids, metadata: metadata,
                masks: masks, labels: labels, report: report, pixels: pixels)
    }

    /// What loading one image gave besides its pixels: its mask, its metadata, or why it
    /// was skipped.
    private struct Loaded {
        var mask: [Run]?
        var metadata = Metadata()
        var failure: String?
    }

    /// Decodes and preprocesses every source; returns the dataset and the label mask size.
    private static func build(_ sources: DatasetSources, _ preprocessing: Preprocessing,
                              cache: CacheUse) throws -> (dataset: Dataset, labelSize: (Int, Int)) {
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

        // Each image is written straight into its slot of one buffer, so a large set never
        // holds its pixels twice.
        let n = preprocessing.size * preprocessing.size
        let memory = ProcessInfo.processInfo.physicalMemory
        guard UInt64(items.count) * UInt64(n) < memory / 2 else {
            throw InputError(sources.folder, "\(items.count) images at \(preprocessing.size) px need \(items.count * n >> 20) MiB, "
                             + "more than half of this machine's \(memory >> 20) MiB; choose a smaller size")
        }
        var pixels = [UInt8](repeating: 0, count: items.count * n)
        var loaded = [Loaded](repeating: Loaded(), count: items.count)
        pixels.withUnsafeMutableBufferPointer { all in
            loaded.withUnsafeMutableBufferPointer { slots in
                Parallel.forEach(items.count) { i in
                    if Interrupt.isRequested { return }
                    let slot = UnsafeMutableBufferPointer(rebasing: all[(i * n)..<((i + 1) * n)])
                    slots[i] = load(items[i], into: slot, labels: labels, preprocessing)
                }
            }
        }
        try Interrupt.check()

        var report = LoadReport()
        report.cache = cache
        var ids: [String] = [], metadata: [Metadata] = [], masks: [[Run]?] = []
        for (i, (item, result)) in zip(items, loaded).enumerated() {
            if let failure = result.failure {
                report.unreadable.append(failure)
                continue
            }
            // Close the gaps that skipped images leave.
            let kept = ids.count
            if kept != i {
                pixels.withUnsafeMutableBufferPointer { p in
                    p.baseAddress!.advanced(by: kept * n).update(from: p.baseAddress!.advanced(by: i * n), count: n)
                }
            }
            ids.append(item.id)
            metadata.append(result.metadata)
            masks.append(result.mask)
        }
        pixels.removeLast((items.count - ids.count) * n)
        let dataset = Dataset(origin: sources.folder, layout: sources.layout, preprocessing: preprocessing, ids: ids,
                              metadata: metadata, masks: masks, labels: labels, report: report, pixels: pixels)
        return (dataset, labels.map { ($0.width, $0.height) } ?? (0, 0))
    }

    /// Reads `item`, writing its preprocessed pixels into `slot`.
    private static func load(_ item: DatasetSources.Item, into slot: UnsafeMutableBufferPointer<UInt8>,
                             labels: Labels?, _ preprocessing: Preprocessing) -> Loaded {
        var result = Loaded()
        do {
            let (image, metadata) = try readImage(item.image)
            result.metadata = metadata
            _ = slot.update(fromContentsOf: try preprocessing.prepare(image))
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
        return result
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
