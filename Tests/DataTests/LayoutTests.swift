import Foundation
import Core
import Testing
import Data
import TestSupport

/// Every regular file below `folder` (not following links), by relative path.
private func files(in folder: String) throws -> [String: [UInt8]] {
    var found: [String: [UInt8]] = [:]
    let walker = FileManager.default.enumerator(atPath: folder)
    while let relative = walker?.nextObject() as? String {
        var isDirectory: ObjCBool = false
        let path = folder + "/" + relative
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            found[relative] = try FileIO.read(path: path)
        }
    }
    return found
}

/// The path of the DICOM of `id` below `folder`.
private func dicom(_ id: String, in folder: String) throws -> String {
    let walker = FileManager.default.enumerator(atPath: folder)
    while let relative = walker?.nextObject() as? String {
        if relative.hasSuffix("/\(id).dcm") { return folder + "/" + relative }
    }
    throw InputError(folder, "no DICOM for \(id)")
}

private func load(_ folder: String, _ selection: DatasetSelection = DatasetSelection(), cache: String? = nil) throws -> Dataset {
    try Dataset.load(folder, preprocessing: Preprocessing(size: 32), selection: selection, cacheDirectory: cache)
}

/// The label CSV of `folder` without the rows of `id`.
private func dropRows(of id: String, in csv: String) throws {
    let text = String(decoding: try FileIO.read(path: csv), as: UTF8.self)
    let kept = text.split(separator: "\n").filter { !$0.hasPrefix(id + ",") }
    try FileIO.writeAtomically(Array((kept.joined(separator: "\n") + "\n").utf8), to: csv)
}

extension InterruptibleWork {
    /// The folder layouts users download (issue 13), each built here from synthetic files.
    @Suite struct Layouts {
        /// The competition's layout: a test folder beside the training folder is never mixed
        /// into the labelled set, and `part: .test` gives exactly its images, unlabelled.
        @Test func trainAndTestFoldersSideBySide() throws {
            let dir = try TemporaryDirectory("layout")
            defer { dir.remove() }
            let made = try Synth.generate(to: dir.path, count: 6, testCount: 3, size: 32, seed: 1)
            #expect(FileManager.default.fileExists(atPath: dir.path + "/dicom-images-test"))

            let train = try load(dir.path)
            #expect(train.ids == made.ids.sorted())
            #expect(train.masks.allSatisfy { $0 != nil })
            #expect(train.positive.filter { $0 }.count == made.positives)
            #expect(train.report.phrases.isEmpty)

            let test = try load(dir.path, DatasetSelection(part: .test))
            #expect(test.ids == made.testIds.sorted())
            #expect(Set(test.ids).isDisjoint(with: made.ids))
            #expect(test.masks.allSatisfy { $0 == nil })
            #expect(test.report.phrases.isEmpty)
        }

        /// Asking for test images also writes the training part byte for byte as before.
        @Test func synthTestImagesLeaveTheTrainingFilesAlone() throws {
            let dir = try TemporaryDirectory("layout")
            defer { dir.remove() }
            for layout in SynthLayout.allCases {
                let plain = dir.path + "/plain-\(layout)", withTest = dir.path + "/test-\(layout)"
                try Synth.generate(to: plain, count: 5, size: 32, seed: 7, layout: layout)
                let made = try Synth.generate(to: withTest, count: 5, testCount: 2, size: 32, seed: 7, layout: layout)
                let testFolder = layout == .siim ? "dicom-images-test/" : "test/"
                let all = try files(in: withTest)
                #expect(all.filter { !$0.key.hasPrefix(testFolder) } == (try files(in: plain)))
                #expect(all.keys.filter { $0.hasPrefix(testFolder) }.count == 2)
                #expect(made.testIds.count == 2 && Set(made.testIds).isDisjoint(with: made.ids))
            }
        }

        /// A PNG repack: `train/` with `masks/`, and `test/`.
        @Test func pngRepackTestFolder() throws {
            let dir = try TemporaryDirectory("layout")
            defer { dir.remove() }
            let made = try Synth.generate(to: dir.path, count: 4, testCount: 2, size: 32, seed: 2, layout: .png)
            let train = try load(dir.path)
            #expect(train.ids == made.ids.sorted() && train.masks.allSatisfy { $0 != nil })
            let test = try load(dir.path, DatasetSelection(part: .test))
            #expect(test.ids == made.testIds.sorted() && test.masks.allSatisfy { $0 == nil })
        }

        /// The stage-2 release: `stage_2_train.csv` labels both stage-1 folders, the test
        /// part is the sample submission's ids (flat in `stage_2_images/`), and an id it
        /// lists without a file is reported.
        @Test func stageTwoNames() throws {
            let dir = try TemporaryDirectory("layout")
            defer { dir.remove() }
            let root = dir.path
            let made = try Synth.generate(to: root, count: 8, testCount: 3, size: 32, seed: 3)
            let fm = FileManager.default
            // The stage-1 test folder holds two labelled images now; the new test images lie flat.
            try fm.moveItem(atPath: root + "/dicom-images-test", toPath: root + "/old-test")
            try fm.createDirectory(atPath: root + "/dicom-images-test", withIntermediateDirectories: true)
            for id in made.ids.prefix(2) {
                try fm.moveItem(atPath: try dicom(id, in: root + "/dicom-images-train"), toPath: root + "/dicom-images-test/\(id).dcm")
            }
            try fm.createDirectory(atPath: root + "/stage_2_images", withIntermediateDirectories: true)
            for id in made.testIds {
                try fm.moveItem(atPath: try dicom(id, in: root + "/old-test"), toPath: root + "/stage_2_images/\(id).dcm")
            }
            try fm.removeItem(atPath: root + "/old-test")
            try fm.moveItem(atPath: root + "/train-rle.csv", toPath: root + "/stage_2_train.csv")
            let listed = made.testIds + ["ID_0011fe81e"]
            try dir.write("ImageId,EncodedPixels\n" + listed.map { "\($0),-1\n" }.joined(), to: "stage_2_sample_submission.csv")

            let train = try load(root)
            #expect(train.ids == made.ids.sorted())
            #expect(train.masks.allSatisfy { $0 != nil })
            #expect(train.report.phrases.isEmpty)
            let test = try load(root, DatasetSelection(part: .test))
            #expect(test.ids == made.testIds.sorted())
            #expect(test.masks.allSatisfy { $0 == nil })
            #expect(test.report.labelsWithoutImage == ["ID_0011fe81e"])
            // Without the sample submission the test folders decide, less the images that have labels.
            try fm.removeItem(atPath: root + "/stage_2_sample_submission.csv")
            let byFolder = try load(root, DatasetSelection(part: .test))
            #expect(byFolder.ids == made.testIds.sorted() && byFolder.report.phrases.isEmpty)
        }

        /// A linked training folder, a linked labels file and a linked DICOM are followed; a
        /// link back up the tree is reported once and the walk ends.
        @Test func symlinkedFolderFileAndLoop() throws {
            let dir = try TemporaryDirectory("layout")
            defer { dir.remove() }
            let made = try Synth.generate(to: dir.path + "/disk", count: 5, size: 32, seed: 4)
            let fm = FileManager.default
            let root = dir.path + "/siim", images = dir.path + "/disk/dicom-images-train"
            try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
            try fm.createSymbolicLink(atPath: root + "/dicom-images-train", withDestinationPath: images)
            try fm.createSymbolicLink(atPath: root + "/train-rle.csv", withDestinationPath: dir.path + "/disk/train-rle.csv")
            // One DICOM lives elsewhere, linked in by its own name.
            let moved = try dicom(made.ids[0], in: images)
            try fm.moveItem(atPath: moved, toPath: dir.path + "/elsewhere.dcm")
            try fm.createSymbolicLink(atPath: moved, withDestinationPath: dir.path + "/elsewhere.dcm")
            // A loop: a study folder links back to the training folder above it.
            let study = try #require(try fm.contentsOfDirectory(atPath: images).sorted().first)
            try fm.createSymbolicLink(atPath: images + "/\(study)/back", withDestinationPath: "..")

            let ds = try load(root)
            #expect(ds.ids == made.ids.sorted())
            #expect(ds.positive.filter { $0 }.count == made.positives)
            #expect(ds.report.notFollowed.count == 1)
            #expect(ds.report.notFollowed.first?.contains("/\(study)/back: links back") == true)
            #expect(ds.report.phrases.count == 1 && ds.report.phrases[0].hasPrefix("1 link not followed (first: "))
        }

        /// The cache looks through links: a linked DICOM whose target changes makes the entry stale.
        @Test func aChangedLinkedFileMakesTheCacheStale() throws {
            let dir = try TemporaryDirectory("layout")
            defer { dir.remove() }
            let made = try Synth.generate(to: dir.path + "/siim", count: 3, size: 32, seed: 11)
            let linked = try dicom(made.ids[1], in: dir.path + "/siim"), target = dir.path + "/target.dcm"
            try FileManager.default.moveItem(atPath: linked, toPath: target)
            try FileManager.default.createSymbolicLink(atPath: linked, withDestinationPath: target)
            let cache = dir.path + "/cache"
            #expect(try load(dir.path + "/siim", cache: cache).report.cache == .rebuilt(reason: "no entry"))
            #expect(try load(dir.path + "/siim", cache: cache).report.cache == .hit)
            try FileIO.writeAtomically(Array("no longer a DICOM".utf8), to: target)
            let changed = try load(dir.path + "/siim", cache: cache)
            guard case .rebuilt(let reason) = changed.report.cache else { Issue.record("expected a rebuild"); return }
            #expect(reason.hasPrefix("stale"))
            #expect(changed.count == 2 && changed.report.unreadable.count == 1)
        }

        /// A labels row whose DICOM is missing is reported by id; the load goes on.
        @Test func missingImage() throws {
            let dir = try TemporaryDirectory("layout")
            defer { dir.remove() }
            let made = try Synth.generate(to: dir.path, count: 5, size: 32, seed: 5)
            try FileManager.default.removeItem(atPath: try dicom(made.ids[2], in: dir.path))
            let ds = try load(dir.path)
            #expect(ds.ids == made.ids.filter { $0 != made.ids[2] }.sorted())
            #expect(ds.report.labelsWithoutImage == [made.ids[2]])
            #expect(ds.report.phrases == ["1 labelled image without a file (first: \(made.ids[2]))"])
            #expect(throws: InputError.self) { try load(dir.path, DatasetSelection(strict: true)) }
        }

        /// An image without a labels row is left out and counted, or kept unmarked with
        /// `unlabelled: .keep`; `strict` refuses the first but not the second.
        @Test func imageWithoutARow() throws {
            let dir = try TemporaryDirectory("layout")
            defer { dir.remove() }
            let made = try Synth.generate(to: dir.path, count: 5, size: 32, seed: 6)
            let orphan = made.ids[1]
            try dropRows(of: orphan, in: dir.path + "/train-rle.csv")

            let skipped = try load(dir.path)
            #expect(!skipped.ids.contains(orphan) && skipped.count == 4)
            #expect(skipped.masks.allSatisfy { $0 != nil })
            #expect(skipped.report.imagesWithoutLabels == [orphan] && !skipped.report.unlabelledKept)
            #expect(skipped.report.phrases == ["left out: 1 without labels (first: \(orphan))"])

            let kept = try load(dir.path, DatasetSelection(unlabelled: .keep))
            let i = try #require(kept.ids.firstIndex(of: orphan))
            #expect(kept.count == 5 && kept.masks[i] == nil)
            #expect(kept.masks.enumerated().allSatisfy { $0.offset == i || $0.element != nil })
            #expect(kept.report.unlabelledKept)
            #expect(kept.report.phrases == ["kept unlabelled: 1 without labels (first: \(orphan))"])

            do {
                _ = try load(dir.path, DatasetSelection(strict: true))
                Issue.record("strict load of a folder with an unlabelled image succeeded")
            } catch let error as InputError {
                #expect(error.reason.contains("strict=true") && error.reason.contains(orphan))
            }
            #expect(try load(dir.path, DatasetSelection(unlabelled: .keep, strict: true)).count == 5)
        }

        /// An unreadable DICOM is skipped and reported with its reason; `strict` names it in
        /// the error.
        @Test func strictTurnsUnreadableFilesIntoAnError() throws {
            let dir = try TemporaryDirectory("layout")
            defer { dir.remove() }
            let made = try Synth.generate(to: dir.path, count: 4, size: 32, seed: 8)
            let broken = try dicom(made.ids[3], in: dir.path)
            try FileIO.writeAtomically(Array("not a DICOM".utf8), to: broken)
            let ds = try load(dir.path)
            #expect(ds.count == 3 && ds.report.unreadable.count == 1)
            #expect(ds.report.unreadable[0].hasPrefix(broken + ": "))
            do {
                _ = try load(dir.path, DatasetSelection(strict: true))
                Issue.record("strict load with an unreadable file succeeded")
            } catch let error as InputError {
                #expect(error.reason.hasPrefix("strict=true: 1 unreadable (first: \(broken): "))
            }
        }

        /// `labels:` names a CSV outside the folder; without it, a folder with no CSV is
        /// loaded unlabelled.
        @Test func explicitLabelsFile() throws {
            let dir = try TemporaryDirectory("layout")
            defer { dir.remove() }
            let made = try Synth.generate(to: dir.path + "/siim", count: 5, size: 32, seed: 9)
            let csv = dir.path + "/my-labels.csv"
            try FileManager.default.moveItem(atPath: dir.path + "/siim/train-rle.csv", toPath: csv)
            let bare = try load(dir.path + "/siim")
            #expect(bare.count == 5 && bare.masks.allSatisfy { $0 == nil })
            let labelled = try load(dir.path + "/siim", DatasetSelection(labels: csv))
            #expect(labelled.ids == made.ids.sorted())
            #expect(labelled.positive.filter { $0 }.count == made.positives)
            #expect(labelled.masks.allSatisfy { $0 != nil })
            #expect(throws: InputError.self) { try load(dir.path + "/siim", DatasetSelection(labels: dir.path + "/absent.csv")) }
            #expect(throws: InputError.self) { try load(dir.path + "/siim", DatasetSelection(part: .test)) }
        }

        /// Each part has its own cache entry, and a cache hit reports what the listing finds now.
        @Test func partsAreCachedApart() throws {
            let dir = try TemporaryDirectory("layout")
            defer { dir.remove() }
            let made = try Synth.generate(to: dir.path + "/siim", count: 4, testCount: 2, size: 32, seed: 10)
            let root = dir.path + "/siim", cache = dir.path + "/cache"
            #expect(try load(root, cache: cache).report.cache == .rebuilt(reason: "no entry"))
            #expect(try load(root, DatasetSelection(part: .test), cache: cache).report.cache == .rebuilt(reason: "no entry"))
            let again = try load(root, cache: cache)
            #expect(again.report.cache == .hit && again.ids == made.ids.sorted())
            #expect(try load(root, DatasetSelection(part: .test), cache: cache).report.cache == .hit)
        }

        /// The real 50-row labels give the same counts however they are reached: found in the
        /// folder, named with `labels:`, through a linked folder, or with unlabelled images kept.
        @Test(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
        func realLabelsGiveTheSameCountsEveryWay() throws {
            let real = SharedData.path("siim")
            let dir = try TemporaryDirectory("layout")
            defer { dir.remove() }
            try FileManager.default.createSymbolicLink(atPath: dir.path + "/linked", withDestinationPath: real)
            try FileManager.default.createDirectory(atPath: dir.path + "/parts", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: dir.path + "/parts/dicom-images-train",
                                                       withDestinationPath: real + "/dicom-images-train")
            let ways = [
                try load(real),
                try load(real, DatasetSelection(labels: real + "/train-rle.csv")),
                try load(dir.path + "/linked"),
                try load(dir.path + "/parts", DatasetSelection(labels: real + "/train-rle.csv")),
                try load(real, DatasetSelection(unlabelled: .keep)),
            ]
            // Facts from ../shared/data/README.md: 40 labelled images, one DICOM (a negative).
            for ds in ways {
                #expect(ds.ids == ["1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819"])
                #expect(ds.masks.count == 1 && ds.masks[0] == [])
                #expect(ds.report.labelsWithoutImage.count == 39)
                #expect(!ds.report.labelsWithoutImage.contains(ds.ids[0]))
                #expect(ds.report.imagesWithoutLabels.isEmpty && ds.report.unreadable.isEmpty && ds.report.notFollowed.isEmpty)
            }
        }
    }
}
