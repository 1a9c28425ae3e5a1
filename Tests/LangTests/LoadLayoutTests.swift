import Core
import Data
import Foundation
import Testing
import TestSupport

/// `load`'s layout options as the language exposes them (issue 13).
@Suite struct LoadLayoutTests {
    /// The test part of a competition-layout folder loads unlabelled and goes straight into
    /// `submit`, one CSV row per test image.
    @Test func testPartFeedsSubmit() throws {
        let dir = try TemporaryDirectory("lang-layout")
        defer { dir.remove() }
        let h = Harness(directory: dir.path)
        #expect(h.run("made = synth(\"d\", count=6, test=3, size=32, seed=1)").isEmpty)
        #expect(h.run("made").contains("and 3 unlabelled test images (`load \"d\" part=\"test\"`)"))
        let summary = h.run("test = load(\"d\", part=\"test\", size=32, cache=false)\ntest")
        #expect(summary.hasPrefix("dataset of 3 images 32x32, unlabelled"), "\(summary)")
        let wrote = h.run("submit unet(base=4, depth=2, seed=1) test path=\"sub.csv\"")
        #expect(wrote.hasPrefix("wrote sub.csv: 3 images"), "\(wrote)")
        let rows = try String(contentsOfFile: dir.path + "/sub.csv", encoding: .utf8).split(separator: "\n")
        let ids = Set(rows.dropFirst().map { String($0.prefix { $0 != "," }) })
        let written = Set(try FileManager.default.subpathsOfDirectory(atPath: dir.path + "/d/dicom-images-test")
            .filter { $0.hasSuffix(".dcm") }.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension })
        #expect(rows.count == 4 && ids == written)
    }

    /// An image without a labels row is left out with a one-line note naming it, kept with
    /// `unlabelled="keep"`; the options' values are checked by their declared domains.
    @Test func noteAndOptions() throws {
        let dir = try TemporaryDirectory("lang-layout")
        defer { dir.remove() }
        let made = try Synth.generate(to: dir.path + "/d", count: 5, size: 32, seed: 2)
        let csv = dir.path + "/d/train-rle.csv", orphan = made.ids[0]
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        let kept = text.split(separator: "\n").filter { !$0.hasPrefix(orphan + ",") }
        try FileIO.writeAtomically(Array((kept.joined(separator: "\n") + "\n").utf8), to: csv)
        // Positives among the four images still labelled, counted from the CSV itself.
        let labels = try Labels(contentsOf: csv, width: 32, height: 32)
        let positives = labels.images.filter(\.isPositive).count

        let h = Harness(directory: dir.path)
        let note = h.run("ds = load(\"d\", size=32, cache=false)")
        #expect(note == "note: 4 images, \(positives) positive; left out: 1 without labels (first: \(orphan))")
        #expect(h.run("describe ds").contains("\n  left out: 1 without labels (first: \(orphan))"))
        let keep = h.run("whole = load(\"d\", size=32, cache=false, unlabelled=\"keep\")\nwhole")
        #expect(keep.contains("kept unlabelled: 1 without labels") && keep.contains("dataset of 5 images 32x32, \(positives) positive"))
        #expect(keep.contains(", 1 unlabelled, from "))
        #expect(h.fail("load(\"d\", size=32, cache=false, strict=true)").contains("strict=true: left out: 1 without labels"))
        #expect(h.fail("load(\"d\", part=\"tset\")").contains("must be one of \"train\", \"test\""))
        #expect(h.fail("load(\"d\", unlabelled=\"drop\")").contains("\"skip\", \"keep\""))
        let help = h.run("help load")
        for option in ["part:", "labels:", "unlabelled:", "strict:", "stage_2_sample_submission.csv", "dicom-images-test/"] {
            #expect(help.contains(option), "help load lacks \(option)")
        }
    }
}
