import Data
import Foundation
import Imaging
import Render

extension Registry {
    /// Datasets and their statistics: labels, load, summary, coverage, imbalance,
    /// prevalence, split, folds, rle and the synthetic data generator.
    func addData() {
        add(Builtin("labels", .data, [Parameter("path", .string), Parameter("width", .integer, default: 1024),
                                      Parameter("height", .integer, default: 1024)],
                    help: "Reads a SIIM labels CSV (`ImageId, EncodedPixels`, relative column-major RLE, `-1` for none; "
                        + "several rows of one image are merged). `describe` shows its statistics.",
                    example: "made = synth(\"demo-labels\", count=8, size=64, seed=2)\nl = labels(made.folder + \"/train-rle.csv\", width=64, height=64)\ndescribe l") { args in
            .object(LabelsObject(try Labels(contentsOf: try args.readablePath("path"), width: try args.int("width"),
                                            height: try args.int("height"))))
        })
        add(Builtin("load", .data, [Parameter("path", .string), .size(default: 256),
                                    Parameter("clahe", .number, default: Value.none),
                                    Parameter("cache", .bool, default: true)],
                    help: "Loads a dataset folder (the SIIM layout with DICOMs and `train-rle.csv`, a PNG layout with "
                        + "`train/` and `masks/`, or a folder of unlabelled images), resized to `size` x `size`, with "
                        + "optional CLAHE at clip limit `clahe=`. Images are decoded on every core into a cache file that the "
                        + "dataset memory-maps, so its memory does not grow with the image count; later loads of the same "
                        + "folder and settings map that file again (`cache=false` holds the images in memory instead). "
                        + "Index it for samples (`ds[3]`), slice it for subsets (`ds[0:100]`).",
                    example: "synth \"demo-load\" count=6 size=64 seed=3\nds = load(\"demo-load\", size=32, cache=false)\nds\nds[0]") { args in
            var preprocessing = Preprocessing(size: try args.int("size"))
            if let clip = try args.optionalNumber("clahe") { preprocessing.clahe = CLAHESettings(clipLimit: clip) }
            let cache = try args.bool("cache") ? Dataset.defaultCacheDirectory : nil
            let dataset = try Dataset.load(try args.readablePath("path"), preprocessing: preprocessing, cacheDirectory: cache,
                                           progress: LoadProgressLine.reporter())
            let report = dataset.report
            for (what, ids) in [("labels without an image", report.labelsWithoutImage),
                                ("images without labels", report.imagesWithoutLabels), ("unreadable files", report.unreadable)]
            where !ids.isEmpty {
                args.session.print("note: \(ids.count) \(what), e.g. \(ids[0])")
            }
            return .object(DatasetObject(dataset))
        })
        add(Builtin("summary", .data, [Parameter("ds", .object("dataset"))],
                    help: "The first things to know about a dataset: size, class balance, mask coverage, intensity and "
                        + "the patients' sex and view.",
                    example: "summary synth_dataset(count=12, size=32, seed=5)") { args in
            let d = try args.object("ds", as: DatasetObject.self)
            args.session.print(d.details)
            for field in [MetadataField.sex, .view] {
                let groups = d.dataset.prevalence(by: field).groups
                args.session.print("  \(field.rawValue): " + groups.map { "\($0.name) \($0.images)" }.joined(separator: ", "))
            }
            return .none
        })
        add(Builtin("coverage", .data, [Parameter("ds", .object("dataset")), Parameter("bins", .integer(in: 1...10_000), default: 20)] + Parameter.figure,
                    help: "How much of each positive image its mask covers: a histogram of the mask fraction over the "
                        + "positive images, with the share of empty masks. Pneumothorax masks are mostly small.",
                    example: "coverage synth_dataset(count=16, size=32, seed=6) bins=5 width=48") { args in
            let d = try args.object("ds", as: DatasetObject.self)
            let pixels = Double(d.dataset.size * d.dataset.size)
            let fractions = d.dataset.areas.filter { $0 > 0 }.map { Double($0) / pixels }
            let empty = d.dataset.count - fractions.count
            args.session.print("\(d.dataset.count) images: \(empty) with an empty mask "
                               + "(\(Formatting.percent(Double(empty) / Double(max(1, d.dataset.count))))); "
                               + "mean coverage \(Formatting.percent(d.meanCoverage)) over all images")
            guard !fractions.isEmpty else { return .none }
            let title = "mask coverage of positive images"
            return try Self.present(try Histogram(values: fractions, bins: try args.int("bins"), title: title,
                                                  xLabel: "fraction of the image"), title: title, args)
        })
        add(Builtin("imbalance", .data, [Parameter("ds", .object("dataset"))] + Parameter.figure,
                    help: "Class imbalance at two levels: images with and without pneumothorax, and mask pixels against "
                        + "background pixels over the whole dataset.",
                    example: "imbalance synth_dataset(count=16, size=32, seed=7) width=48") { args in
            let d = try args.object("ds", as: DatasetObject.self)
            let n = d.dataset.count
            args.session.print("images: \(d.positives) positive, \(n - d.positives) negative "
                               + "(\(Formatting.percent(Double(d.positives) / Double(max(1, n)))) positive); "
                               + "pixels: \(Formatting.percent(d.meanCoverage)) in masks")
            return try Self.present(try BarChart(labels: ["positive", "negative"],
                                                 values: [Double(d.positives), Double(n - d.positives)], title: "images by class"),
                                    title: "images by class", args)
        })
        add(Builtin("prevalence", .data, [Parameter("ds", .object("dataset")), Parameter("by", .choice(MetadataField.self), default: "sex")] + Parameter.figure,
                    help: "The positive rate in each group of a metadata field: `by=\"sex\"`, `\"age\"` (ten-year bands) "
                        + "or `\"view\"` (PA/AP).",
                    example: "prevalence synth_dataset(count=20, size=32, seed=8) by=\"view\" width=48") { args in
            let d = try args.object("ds", as: DatasetObject.self)
            let name = try args.string("by")
            let field = try args.choice("by", as: MetadataField.self)
            let groups = d.dataset.prevalence(by: field).groups
            args.session.print(groups.map { "\($0.name): \($0.positives) of \($0.images) positive (\(Formatting.percent($0.rate)))" }
                .joined(separator: "\n"))
            let title = "positive rate by \(name)"
            return try Self.present(try BarChart(labels: groups.map(\.name), values: groups.map(\.rate), title: title),
                                    title: title, args)
        })
        add(Builtin("split", .data, [Parameter("ds", .object("dataset")), Parameter("val", .number(in: 0...1, open: .both), default: 0.2),
                                     Parameter("bins", .integer, default: 1), Parameter("seed", .integer, default: Value.none)],
                    help: "A train/validation split stratified by class (and, with `bins=` above 1, by mask coverage), "
                        + "so both parts keep the positive rate. `sp.train` and `sp.val` are datasets.",
                    example: "sp = split synth_dataset(count=20, size=32, seed=9) val=0.25 seed=42\nsp") { args in
            let d = try args.object("ds", as: DatasetObject.self)
            let split = try Split.stratified(areas: d.dataset.areas, validation: try args.number("val"),
                                             coverageBins: try args.int("bins"), seed: try args.seed())
            return .object(SplitObject(of: d.dataset, split))
        })
        add(Builtin("folds", .data, [Parameter("ds", .object("dataset")), Parameter("k", .integer, default: 5),
                                     Parameter("bins", .integer, default: 1), Parameter("seed", .integer, default: Value.none)],
                    help: "K stratified folds for cross-validation: a list of k splits whose validation parts cover every "
                        + "image once.",
                    example: "f = folds(synth_dataset(count=12, size=32, seed=2), k=3, seed=1)\nf[0]") { args in
            let d = try args.object("ds", as: DatasetObject.self)
            let splits = try Split.folds(areas: d.dataset.areas, k: try args.int("k"), coverageBins: try args.int("bins"),
                                         seed: try args.seed())
            return .list(splits.map { .object(SplitObject(of: d.dataset, $0)) })
        })
        add(Builtin("rle", .data, [Parameter("sample", .object("sample")), Parameter("format", .choice(RLEFormat.self), default: "relative")],
                    help: "A sample's mask as run-length encoding: `\"relative\"` (the SIIM labels' column-major relative "
                        + "starts) or `\"standard\"` (Kaggle's absolute 1-based starts); `-1` for an empty mask.",
                    example: "rle(synth_sample(size=32, seed=1), format=\"standard\")") { args in
            let sample = try args.object("sample", as: SampleObject.self).sample
            let format = try args.choice("format", as: RLEFormat.self)
            guard let mask = sample.mask else { throw args.error("sample", "this sample has no mask") }
            return .string(mask.isEmpty ? "-1" : RLE.encode(mask, format: format))
        })
        add(Builtin("synth", .data, [Parameter("path", .string), Parameter("count", .integer, default: 100),
                                     Parameter("size", .integer, default: 256), Parameter("seed", .integer, default: Value.none),
                                     Parameter("layout", .choice(SynthLayout.self), default: "siim"),
                                     Parameter("positive_rate", .number(in: 0...1), default: 0.22)],
                    help: "Writes a synthetic chest X-ray dataset with pneumothorax-like masks: DICOMs in the SIIM layout "
                        + "(or PNGs with `layout=\"png\"`) and `train-rle.csv`. Prints one line with the counts; the "
                        + "value's members are `folder`, `files`, `count`, `positives` and `regions`.",
                    example: "made = synth(\"demo-synth\", count=4, size=64, seed=1)\nmade.positives") { args in
            let folder = try args.writablePath("path")
            let layout = try args.choice("layout", as: SynthLayout.self)
            let seed = try args.seed()
            let made = try Synth.generate(to: folder, count: try args.int("count"), size: try args.int("size"), seed: seed,
                                          layout: layout, positiveRate: try args.number("positive_rate"))
            let given = try args.string("path")
            let files = made.ids.indices.map { i -> String in
                let uid = Synth.uids(index: i, seed: seed)
                return layout == .siim ? "\(given)/dicom-images-train/\(uid.study)/\(uid.series)/\(uid.instance).dcm"
                    : "\(given)/train/\(uid.instance).png"
            }
            return .object(SynthObject(folder: given, written: made, files: files))
        })
        add(Builtin("synth_sample", .data, [Parameter.size(default: 256), Parameter("seed", .integer, default: Value.none),
                                            Parameter("positive_rate", .number(in: 0...1), default: 1)],
                    help: "One synthetic chest X-ray with a pneumothorax-like mask, made in memory: a sample to try "
                        + "augmentations and views on without any files.",
                    example: "s = synth_sample(size=64, seed=2)\ns") { args in
            let size = try args.int("size")
            let picture = Synth.radiograph(index: 0, seed: try args.seed(), size: size,
                                           positiveRate: try args.number("positive_rate"))
            return .object(SampleObject(Sample(id: "synthetic", image: picture.image, mask: picture.mask, metadata: picture.metadata)))
        })
        add(Builtin("synth_dataset", .data, [Parameter("count", .integer, default: 100), Parameter("size", .integer(in: 32...4096), default: 64),
                                             Parameter("seed", .integer, default: Value.none)],
                    help: "A synthetic dataset made in memory through a temporary folder, which is removed again: for "
                        + "trying the statistics and splits without data.",
                    example: "synth_dataset(count=10, size=32, seed=1)") { args in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pleura-synth-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let (seed, count, size) = (try args.seed(), try args.int("count"), try args.int("size"))
            // `size` is checked by its declaration, not by the generator: its errors would name
            // the temporary folder.
            let most = min(1_000_000, maximumSynthPixels / (size * size))
            guard count >= 1, count <= most else {
                throw args.error("count", "`count` must be between 1 and \(most) at size \(size) "
                                 + "(the dataset is held in memory; use `synth` to write a larger one to a folder)")
            }
            try Synth.generate(to: folder, count: count, size: size, seed: seed, layout: .png)
            var loaded = try Dataset.load(folder, preprocessing: Preprocessing(size: size), cacheDirectory: nil)
            // The folder is gone once this returns; name the call instead, so that summaries
            // and error messages repeat from run to run.
            loaded.origin = "synth_dataset(count=\(count), size=\(size), seed=\(seed))"
            return .object(DatasetObject(loaded))
        })
    }
}

/// The most pixels `synth_dataset` holds in memory (4 GiB at one byte each).
private let maximumSynthPixels = 1 << 32
