import Foundation
import Core
import Imaging

/// The files a dataset is made of, found by looking at a folder: which layout it has, the
/// image (and mask) files of the part asked for, and the labels file.
///
/// Layouts are recognised by their names:
/// - a PNG repack: `train/` images with same-named `masks/`, and `test/`;
/// - the competition's download: DICOMs anywhere below (`dicom-images-train/`,
///   `dicom-images-test/`) with `train-rle.csv`;
/// - the stage-2 release: `stage_2_images/` (the test DICOMs), `stage_2_train.csv` (labels
///   of both stage-1 folders) and `stage_2_sample_submission.csv` (the test ids);
/// - otherwise a folder of loose images.
///
/// The selection happens here, before any pixel is decoded: the training part is the images
/// with a labels row; an image without one is left out and counted (or kept, marked, with
/// `unlabelled: .keep`), unless it belongs to the test part.
struct DatasetSources {
    struct Item {
        let id: String
        let image: String
        let mask: String?
    }

    let folder: String
    let layout: DatasetLayout
    let selection: DatasetSelection
    /// Sorted by ImageId.
    let items: [Item]
    let labels: String?
    /// What listing and selecting found: images without labels, labelled ids without an
    /// image, duplicate ImageIds and broken links (as unreadable), links not followed. The
    /// loader adds the files it cannot decode.
    let report: LoadReport

    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]
    /// Folders whose images are test images (competition, stage 2, PNG repacks).
    static let testFolders: Set<String> = ["dicom-images-test", "stage_2_images", "test"]

    static func find(in folder: String, _ selection: DatasetSelection = DatasetSelection()) throws -> DatasetSources {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(folder, "no such folder")
        }
        let explicitLabels = try selection.labels.map { path -> String in
            guard FileManager.default.isReadableFile(atPath: path) else { throw InputError(path, "labels= names no readable file") }
            return path
        }
        var listing = Listing(folder: folder, selection: selection)

        let trainImages = images(directlyIn: folder + "/train")
        if !trainImages.isEmpty {
            if selection.part == .test {
                let testImages = images(directlyIn: folder + "/test")
                guard !testImages.isEmpty else { throw InputError(folder, "part=\"test\": found no test/ folder with images") }
                return listing.sources(.png, candidates: testImages, labels: nil)
            }
            if let explicitLabels {
                return listing.sources(.png, candidates: trainImages, labels: try LabelRows(explicitLabels))
            }
            let masks = Dictionary(images(directlyIn: folder + "/masks").map { (stem($0), $0) }, uniquingKeysWith: { a, _ in a })
            // The mask files are the labels: an image without one has no labels row.
            let rows = LabelRows(file: nil, ids: masks.keys.sorted())
            return listing.sources(.png, candidates: trainImages, labels: rows, mask: { masks[stem($0)] })
        }

        let walk = FolderWalk(below: folder) { $0.lowercased().hasSuffix(".dcm") }
        listing.report.unreadable += walk.unreadable
        listing.report.notFollowed = walk.notFollowed
        let (dicoms, layout) = walk.files.isEmpty ? (images(directlyIn: folder), DatasetLayout.unlabelled) : (walk.files, .siim)
        guard !dicoms.isEmpty else {
            let links = walk.notFollowed.isEmpty ? "" : " (links not followed: \(walk.notFollowed.joined(separator: "; ")))"
            throw InputError(folder, "found no train/ folder, no DICOM files below it and no PNG or JPEG images in it" + links)
        }
        // A folder of loose images has labels only when they are named.
        let labelsFile = try (explicitLabels ?? (layout == .siim ? labelFile(in: folder) : nil)).map { try LabelRows($0) }
        // An image in a test folder without a labels row is a test image: never a training image
        // without labels. (Stage 2's labels cover the stage-1 test folder, which makes it training data.)
        let labelled = Set(labelsFile?.ids ?? [])
        let inTestFolder = { (path: String) in Self.inTestFolder(path, below: folder) && !labelled.contains(stem(path)) }
        guard selection.part == .test else {
            return listing.sources(layout, candidates: dicoms, labels: labelsFile, setAside: inTestFolder)
        }
        // The test part is what a sample submission lists, else what the test folders hold.
        guard layout == .siim, let listed = try sampleSubmission(in: folder).map({ try LabelRows($0) }) else {
            let candidates = dicoms.filter(inTestFolder)
            guard !candidates.isEmpty else {
                throw InputError(folder, "part=\"test\": found no dicom-images-test/, stage_2_images/ or test/ folder "
                                 + "and no sample submission CSV")
            }
            return listing.sources(layout, candidates: candidates, labels: nil)
        }
        let ids = Set(listed.ids)
        let candidates = dicoms.filter { ids.contains(stem($0)) }
        guard !candidates.isEmpty else {
            throw InputError(listed.file ?? folder, "part=\"test\": none of the \(listed.ids.count) images it lists has a file below \(folder)")
        }
        // Ids the sample submission lists but no file provides.
        let present = Set(dicoms.map(stem))
        listing.report.labelsWithoutImage = listed.ids.filter { !present.contains($0) }
        return listing.sources(layout, candidates: candidates, labels: nil)
    }

    /// Every file the dataset depends on, for the cache fingerprint.
    var files: [String] {
        items.flatMap { [$0.image] + ($0.mask.map { [$0] } ?? []) } + (labels.map { [$0] } ?? [])
    }

    /// The file name in `path` without its extension: the ImageId. Done on the UTF-8 bytes
    /// because NSString's path methods took a third of a cached load of 12,047 files.
    static func stem(_ path: String) -> String {
        let bytes = path.utf8
        let nameStart = bytes.lastIndex(of: UInt8(ascii: "/")).map { bytes.index(after: $0) } ?? bytes.startIndex
        let name = bytes[nameStart...]
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")), dot != name.startIndex else { return String(path[nameStart...]) }
        return String(path[nameStart..<dot])
    }

    /// Whether `path`'s first folder below `root` is a test folder.
    private static func inTestFolder(_ path: String, below root: String) -> Bool {
        guard path.hasPrefix(root + "/") else { return false }
        let first = path.dropFirst(root.count + 1).prefix { $0 != "/" }
        return testFolders.contains(String(first))
    }

    private static func images(directlyIn folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") && imageExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .map { (folder as NSString).appendingPathComponent($0) }
    }

    private static func csvNames(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.lowercased().hasSuffix(".csv") }.sorted()
    }

    private static func isSampleSubmission(_ name: String) -> Bool { name.lowercased().contains("sample_submission") }

    /// `stage_2_train.csv` (which labels both stage-1 folders), else `train-rle.csv`, else the
    /// only CSV in the folder that is not a sample submission.
    private static func labelFile(in folder: String) -> String? {
        let csvs = csvNames(in: folder).filter { !isSampleSubmission($0) }
        let chosen = ["stage_2_train.csv", "train-rle.csv"].first(where: csvs.contains) ?? (csvs.count == 1 ? csvs[0] : nil)
        return chosen.map { (folder as NSString).appendingPathComponent($0) }
    }

    /// `stage_2_sample_submission.csv`, else the only sample submission CSV in the folder.
    private static func sampleSubmission(in folder: String) -> String? {
        let csvs = csvNames(in: folder).filter(isSampleSubmission)
        let chosen = csvs.contains("stage_2_sample_submission.csv") ? "stage_2_sample_submission.csv" : (csvs.count == 1 ? csvs[0] : nil)
        return chosen.map { (folder as NSString).appendingPathComponent($0) }
    }
}

/// The ImageIds a labels CSV lists, in file order, read without decoding at the images' size.
struct LabelRows {
    /// The CSV, or nil when the labels are mask files.
    let file: String?
    let ids: [String]

    init(file: String?, ids: [String]) {
        self.file = file
        self.ids = ids
    }

    init(_ path: String) throws {
        // Any mask size up to 65536² holds every run; the loader decodes at the images' size.
        let labels = try Labels(contentsOf: path, width: 1 << 16, height: 1 << 16)
        self.init(file: path, ids: labels.images.map(\.id))
    }
}

/// The choices and report that `DatasetSources.find` builds up, and the last step: picking
/// the items.
private struct Listing {
    let folder: String
    let selection: DatasetSelection
    var report = LoadReport()

    init(folder: String, selection: DatasetSelection) {
        self.folder = folder
        self.selection = selection
    }

    /// The sources of `candidates` less those `setAside` calls test images: with `labels`,
    /// only those with a row (the others left out and counted, or kept with
    /// `unlabelled: .keep`).
    mutating func sources(_ layout: DatasetLayout, candidates: [String], labels: LabelRows?,
                          setAside: (String) -> Bool = { _ in false },
                          mask: (String) -> String? = { _ in nil }) -> DatasetSources {
        let unique = uniqueItems(candidates.filter { !setAside($0) }, mask: mask)
        var items = unique
        if let labels {
            let labelled = Set(labels.ids)
            items = []
            for item in unique {
                if labelled.contains(item.id) {
                    items.append(item)
                } else {
                    report.imagesWithoutLabels.append(item.id)
                    if selection.unlabelled == .keep { items.append(item) }
                }
            }
            report.unlabelledKept = selection.unlabelled == .keep && !report.imagesWithoutLabels.isEmpty
            let present = Set(candidates.map(DatasetSources.stem))
            report.labelsWithoutImage = labels.ids.filter { !present.contains($0) }
        }
        return DatasetSources(folder: folder, layout: layout, selection: selection, items: items,
                              labels: labels?.file, report: report)
    }

    /// Items keyed by file stem, sorted; a stem seen twice keeps its first path (in sorted
    /// path order) and the other is reported.
    private mutating func uniqueItems(_ paths: [String], mask: (String) -> String?) -> [DatasetSources.Item] {
        var seen: [String: String] = [:]
        var items: [DatasetSources.Item] = []
        for path in paths.sorted() {
            let id = DatasetSources.stem(path)
            if let first = seen[id] {
                report.unreadable.append("\(path): ImageId \(id) already comes from \(first); skipped")
                continue
            }
            seen[id] = path
            items.append(DatasetSources.Item(id: id, image: path, mask: mask(path)))
        }
        return items.sorted { $0.id < $1.id }
    }
}
