import Core
import Foundation
import Lang
import Testing
import TestSupport

/// EDA from a labels file alone, and scoring at full resolution, through the language.
@Suite struct LabelsEDATests {
    /// A synthetic SIIM folder at 64 px, the labels read at that size and the dataset loaded
    /// at that size: every statistic must print the same through both.
    @Test func labelsAndDatasetPrintTheSameStatistics() throws {
        let dir = try TemporaryDirectory("labels-eda")
        defer { dir.remove() }
        let h = Harness(directory: dir.path)
        h.run("synth \"s\" count=24 size=64 seed=4 positive_rate=0.5")
        h.run("l = labels(\"s/train-rle.csv\", width=64, height=64)\nds = load(\"s\", size=64, cache=false)")
        for call in ["coverage %@ bins=4 width=40", "imbalance %@ width=40", "regions %@", "regions %@ min_area=30"] {
            let fromLabels = h.run(call.replacingOccurrences(of: "%@", with: "l"))
            let fromDataset = h.run(call.replacingOccurrences(of: "%@", with: "ds"))
            #expect(!fromLabels.isEmpty)
            #expect(fromLabels == fromDataset, "\(call)")
        }
        h.run("hd = headers(\"s\")")
        #expect(h.run("len(hd)") == "24")
        for field in ["sex", "age", "view"] {
            #expect(h.run("prevalence l headers=hd by=\"\(field)\" width=40")
                    == h.run("prevalence ds by=\"\(field)\" width=40"), "\(field)")
        }
        #expect(h.fail("prevalence l").contains("headers"))
    }

    /// A share too small for one decimal keeps two significant digits: one 20-pixel mask and
    /// one empty image at 1024 px cover 20 / 1024² / 2 = 9.5367e-6 of the pixels, 0.00095%.
    @Test func aTinyCoverageIsNotPrintedAsZero() throws {
        let dir = try TemporaryDirectory("labels-tiny")
        defer { dir.remove() }
        try FileIO.writeAtomically(Array("ImageId, EncodedPixels\n1.2.3, 100 20\n1.2.4, -1\n".utf8), to: dir.path + "/tiny.csv")
        let h = Harness(directory: dir.path)
        h.run("l = labels(\"tiny.csv\", width=1024, height=1024)")
        let coverage = h.run("coverage l bins=2 width=40")
        #expect(coverage.contains("mean coverage 0.00095% over all images"), "\(coverage)")
    }

    /// The 50 real rows: 40 images, 22 positive, and the mean coverage to four significant
    /// digits (0.0057751178741455075, worked out with numpy, is 0.5775%).
    @Test(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
    func realLabelsThroughTheLanguage() throws {
        let h = Harness(directory: SharedData.root)
        h.run("l = labels(\"siim/train-rle.csv\")")
        #expect(h.run("describe l").contains("mean coverage 0.5775%"))
        let imbalance = h.run("imbalance l width=40")
        #expect(imbalance.hasPrefix("images: 22 positive, 18 negative (55% positive)"), "\(imbalance)")
        #expect(h.run("coverage l bins=5 width=40").hasPrefix("40 images: 18 with an empty mask (45%)"))
        // The regions the unions form are checked against the decoded masks in DataTests.
        #expect(h.run("regions l").hasPrefix("{regions_1: "))
        let hd = h.run("hd = headers(\"siim\")\nhd[0]")
        #expect(hd.contains("1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819") && hd.contains("PA"), "\(hd)")
        let prevalence = h.run("prevalence l headers=hd by=\"sex\" width=40")
        // Only one labelled image has its DICOM here; it is negative and male.
        #expect(prevalence.contains("note: 39 labelled images have no headers row"))
        #expect(prevalence.contains("M: 0 of 1 positive (0%)"))
    }

    /// `evaluate ... size=` scores at that size against the original masks (it used to fail
    /// with "prediction 1024x1024 against a mask of 128x128"); with threshold -1 every pixel
    /// is predicted, so an image's Dice is 2A / (A + side²) from its label area A.
    @Test func evaluateAtTheLabelsResolution() throws {
        let dir = try TemporaryDirectory("eval-fullres")
        defer { dir.remove() }
        let h = Harness(directory: dir.path)
        h.run("synth \"s\" count=6 size=256 seed=8 positive_rate=0.5\nds = load(\"s\", size=32, cache=false)")
        h.run("m = unet(base=4, depth=2, seed=1)\nl = labels(\"s/train-rle.csv\", width=256, height=256)")
        h.run("r = evaluate m ds size=256 threshold=-1 per_image=true")
        let side = 256.0 * 256.0
        let areas = h.run("[x.area for x in l]")
        let byID = h.run("[x.id for x in l]")
        let ids = h.run("r.id")
        #expect(!areas.isEmpty && !byID.isEmpty && !ids.isEmpty)
        let truthAreas = h.run("r.truth_area")
        // The truth areas are the label file's, in the dataset's order.
        #expect(h.run("[x.area for x in sort(table(l), by=\"id\")] == [x.truth_area for x in sort(r, by=\"id\")]") == "true",
                "\(truthAreas)")
        let dice = h.run("[x.dice for x in r]")
        let expected = h.run("[if x.truth_area > 0 then 2 * x.truth_area / (x.truth_area + \(Int(side))) else 0 for x in r]")
        #expect(dice == expected)
        #expect(h.run("search_thresholds m ds size=256").contains("best of"))
        h.run("submit m ds size=256 path=\"sub.csv\"")
        #expect(try String(contentsOfFile: dir.path + "/sub.csv", encoding: .utf8).split(separator: "\n").count == 7)
    }
}
