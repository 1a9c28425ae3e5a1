import Augment
import Data
import Foundation
import Imaging
import Lang
import Testing
import TestSupport

@Suite struct EngineBindingTests {
    @Test(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
    func labelsOfTheRealCSV() {
        let h = Harness(directory: SharedData.root)
        // 50 rows for 40 images, 22 with pneumothorax (shared/data/README.md).
        let summary = h.run("l = labels(\"siim/train-rle.csv\"); l")
        // The file is named as written, so a notebook's description repeats on any machine.
        #expect(summary == "labels for 40 images, 22 positive (55%), 50 rows, from siim/train-rle.csv")
        #expect(h.run("l.rows") == "50")
    }

    @Test(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
    func theRealDICOMHeader() {
        let h = Harness(directory: SharedData.root)
        let path = "siim/dicom-images-train"
        let file = FileManager.default.enumerator(atPath: SharedData.root + "/" + path)?
            .compactMap { $0 as? String }.first { $0.hasSuffix(".dcm") } ?? ""
        h.run("d = dicom(\"\(path)/\(file)\")")
        #expect(h.run("[d.width, d.height, d.sex, d.age, d.view]") == "[1024, 1024, \"M\", \"62\", \"PA\"]")
    }

    @Test(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
    func theRealChestXRayPNG() {
        let h = Harness(directory: SharedData.root)
        #expect(h.run("image(\"cxr/00000001_000.png\").width") == "512")
        #expect(h.fail("image(\"siim/train-rle.csv\")").contains("neither a PNG nor a JPEG"))
    }

    @Test(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
    func loadingTheRealFolderReportsLabelsWithoutImages() throws {
        let h = Harness(directory: SharedData.root)
        let out = h.run("ds = load(\"siim\", size=64, cache=false)\nlen ds")
        // One DICOM is present; the other 39 labelled images are reported, not fatal.
        // The one image is negative (its row is -1), so: 1 image, 0 positive.
        #expect(out.hasPrefix("note: 1 image, 0 positive; 39 labelled images without a file (first: 1.2.276.0.7230010."))
        #expect(out.hasSuffix("\n1"))
        #expect(h.run("ds[0].id") == "\"1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819\"")
        #expect(h.run("ds[0].area") == "0")
    }

    @Test func aSyntheticDatasetThroughTheLanguage() throws {
        let dir = try TemporaryDirectory("synth").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = Harness(directory: dir)
        h.run("made = synth(\"s\", count=12, size=64, seed=4, layout=\"png\")")
        // The language's synth is the engine's: same seed, same summary.
        let engine = try Synth.generate(to: dir + "/direct", count: 12, size: 64, seed: 4, layout: .png)
        #expect(h.run("made.positives") == String(engine.positives))
        #expect(h.run("len made.files") == "12")
        h.run("ds = load(\"s\", size=64, cache=false)")
        #expect(h.run("len ds") == "12")
        #expect(h.run("ds.positives") == String(engine.positives))
        #expect(h.run("len ds[2:5]") == "3")
        h.run("sp = split ds val=0.25 seed=1")
        #expect(h.run("len(sp.train) + len(sp.val)") == "12")
        #expect(h.fail("prevalence ds by=\"sx\"").contains("did you mean `sex`?"))
        #expect(h.fail("split ds val=1.5").contains("`val` of `split` must be in (0, 1), got 1.5"))
    }

    /// The temporary folder it was made through is gone, so the dataset names the call instead
    /// and its summary reads the same in every run.
    @Test func synthDatasetNamesItsCall() throws {
        let summary = Harness().run("synth_dataset(count=6, size=32, seed=4)")
        #expect(summary.hasSuffix("from synth_dataset(count=6, size=32, seed=4)"))
        #expect(Harness().run("synth_dataset(count=6, size=32, seed=4)") == summary)
        // Bad arguments are named, never the temporary folder; 4096² images are bounded by memory.
        #expect(Harness().fail("synth_dataset(count=0)").contains("`count` must be between 1 and"))
        #expect(Harness().fail("synth_dataset(size=3)").contains("`size` of `synth_dataset` must be in 32...4096, got 3"))
        #expect(Harness().fail("synth_dataset(count=300, size=4096)").contains("between 1 and 256 at size 4096"))
    }

    @Test func foldsCoverEveryImageOnceAndRLEIsTheEngines() throws {
        let h = Harness()
        h.run("ds = synth_dataset(count=12, size=32, seed=2)\nf = folds(ds, k=3, seed=1)")
        #expect(h.run("len f") == "3")
        #expect(h.run("len(f[0].val) + len(f[1].val) + len(f[2].val)") == "12")
        let picture = Synth.radiograph(index: 0, seed: 9, size: 32, positiveRate: 1)
        #expect(h.run("rle(synth_sample(size=32, seed=9), format=\"standard\")")
                == "\"" + RLE.encode(picture.mask, format: .standard) + "\"")
        #expect(h.fail("rle(synth_sample(size=32, seed=9), format=\"kaggle\")").contains("`format` of `rle` must be one of \"relative\", \"standard\""))
    }

    @Test func transformsComposeWithAPipeAndFlipExactly() throws {
        let h = Harness()
        #expect(h.run("hflip(p=1) | vflip(p=0.5) | gamma()")
                == (try Compose([HorizontalFlip(p: 1), VerticalFlip(p: 0.5), RandomGamma()])).description)
        h.run("s = synth_sample(size=32, seed=5)\nt = augment(hflip(p=1), s, seed=1)")
        guard case .object(let s as SampleObject)? = h.session.variables["s"],
              case .object(let t as SampleObject)? = h.session.variables["t"] else {
            Issue.record("no samples")
            return
        }
        for y in 0..<32 {
            for x in 0..<32 {
                #expect(t.sample.image[x, y] == s.sample.image[31 - x, y])
                #expect(t.sample.mask?[x, y] == s.sample.mask?[31 - x, y])
            }
        }
        #expect(h.fail("hflip(q=1)").contains("did you mean `p`?"))
        #expect(h.fail("hflip(p=3)").contains("p"))
        #expect(h.fail("hflip() | 3").contains("cannot apply `|`"))
    }

    /// Without a sample, `check` draws its probe at `size`: the rectangle covers columns
    /// 30%..<55% and rows 35%..<62%, which at 9 px is 2 x 2 = 4 pixels, under the 16 a trial
    /// needs to be compared; at 64 px it is 16 x 17.
    @Test func checkDrawsItsProbeAtTheGivenSize() {
        let h = Harness()
        #expect(h.run("check hflip(p=1) size=9 trials=2 seed=1").contains("0/2 compared"))
        #expect(h.run("check hflip(p=1) size=64 trials=2 seed=1").contains("2/2 compared"))
    }

    @Test func showWritesAPNGInsideTheSandboxAndAnnouncesIt() throws {
        let dir = try TemporaryDirectory("show").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = Harness(directory: dir)
        h.run("show synth_sample(size=32, seed=1) png=\"s.png\"")
        #expect(h.output.items == [.figure(path: "s.png")])
        let png = try Imaging.PNG.read(path: dir + "/s.png")
        #expect(png.width > 0)
        #expect(h.fail("show 3").contains("`show` draws a sample"))

        // A chart is a value: a statement draws it, a variable keeps it for `show ... png=`.
        let drawn = h.run("histogram [1, 2, 2, 3, 3, 3] bins=3 width=30")
        #expect(drawn.contains("█"))
        #expect(h.run("h = histogram([1, 2, 2, 3, 3, 3], bins=3); type h") == "\"figure\"")
        h.output.clear()
        #expect(h.session.run("show h png=\"h.png\""))
        #expect(h.output.items == [.figure(path: "h.png")])
        #expect(FileManager.default.fileExists(atPath: dir + "/h.png"))
    }
}
