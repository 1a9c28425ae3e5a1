import Foundation
import Core
import Imaging

/// The files a dataset is made of, found by looking at a folder: which layout it has,
/// each image (and mask) file, and the label file.
struct DatasetSources {
    struct Item {
        let id: String
        let image: String
        let mask: String?
    }

    let folder: String
    let layout: DatasetLayout
    /// Sorted by ImageId.
    let items: [Item]
    let labels: String?
    /// Problems found while listing (duplicate ImageIds), for the load report.
    let problems: [String]
    /// PNG layout: mask files without an image.
    let orphanMasks: [String]

    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]

    /// Detects the layout: `train/` with images is the PNG layout; DICOMs anywhere below
    /// make the SIIM tree; images directly inside make an unlabelled folder.
    static func find(in folder: String) throws -> DatasetSources {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(folder, "no such folder")
        }
        let train = (folder as NSString).appendingPathComponent("train")
        let trainImages = images(directlyIn: train)
        if !trainImages.isEmpty {
            let masksFolder = (folder as NSString).appendingPathComponent("masks")
            let masks = Dictionary(images(directlyIn: masksFolder).map { (stem($0), $0) }, uniquingKeysWith: { a, _ in a })
            let (items, problems) = uniqueItems(trainImages) { masks[stem($0)] }
            let ids = Set(items.map(\.id))
            return DatasetSources(folder: folder, layout: .png, items: items, labels: nil, problems: problems,
                                  orphanMasks: masks.keys.filter { !ids.contains($0) }.sorted())
        }
        let dicoms = files(below: folder) { $0.lowercased().hasSuffix(".dcm") }
        if !dicoms.isEmpty {
            let (items, problems) = uniqueItems(dicoms) { _ in nil }
            return DatasetSources(folder: folder, layout: .siim, items: items, labels: labelFile(in: folder),
                                  problems: problems, orphanMasks: [])
        }
        let loose = images(directlyIn: folder)
        guard !loose.isEmpty else {
            throw InputError(folder, "found no train/ folder, no DICOM files below it and no PNG or JPEG images in it")
        }
        let (items, problems) = uniqueItems(loose) { _ in nil }
        return DatasetSources(folder: folder, layout: .unlabelled, items: items, labels: nil, problems: problems, orphanMasks: [])
    }

    /// Every file the dataset depends on, for the cache fingerprint.
    var files: [String] {
        items.flatMap { [$0.image] + ($0.mask.map { [$0] } ?? []) } + (labels.map { [$0] } ?? [])
    }

    static func stem(_ path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// Items keyed by file stem, sorted; a stem seen twice keeps its first path (in sorted
    /// path order) and is reported.
    private static func uniqueItems(_ paths: [String], mask: (String) -> String?) -> ([Item], [String]) {
        var seen: [String: String] = [:]
        var items: [Item] = [], problems: [String] = []
        for path in paths.sorted() {
            let id = stem(path)
            if let first = seen[id] {
                problems.append("\(path): ImageId \(id) already comes from \(first); skipped")
                continue
            }
            seen[id] = path
            items.append(Item(id: id, image: path, mask: mask(path)))
        }
        return (items.sorted { $0.id < $1.id }, problems)
    }

    private static func images(directlyIn folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") && imageExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .map { (folder as NSString).appendingPathComponent($0) }
    }

    /// Files anywhere below `folder` (hidden entries skipped) that pass `keep`.
    private static func files(below folder: String, _ keep: (String) -> Bool) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            if (relative as NSString).lastPathComponent.hasPrefix(".") {
                walker.skipDescendants()
                continue
            }
            if keep(relative) { found.append((folder as NSString).appendingPathComponent(relative)) }
        }
        return found
    }

    /// `train-rle.csv`, else `stage_2_train.csv`, else the only CSV in the folder.
    private static func labelFile(in folder: String) -> String? {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        let csvs = names.filter { $0.lowercased().hasSuffix(".csv") }
        let chosen = ["train-rle.csv", "stage_2_train.csv"].first(where: csvs.contains) ?? (csvs.count == 1 ? csvs[0] : nil)
        return chosen.map { (folder as NSString).appendingPathComponent($0) }
    }
}
