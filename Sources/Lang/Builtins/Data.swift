import Core
import Data
import Foundation
import Imaging
import Render

extension Registry {
    /// Datasets and their statistics: labels, headers, load, summary, coverage, imbalance,
    /// prevalence, split, folds, rle and the synthetic data generator.
    func addData() {
        add(Builtin("labels", .data, [Parameter("path", .string), Parameter("width", .integer, default: 1024),
                                      Parameter("height", .integer, default: 1024)],
                    help: "Reads a SIIM labels CSV (`ImageId, EncodedPixels`, relative column-major RLE, `-1` for none; "
                        + "several rows of one image are merged). `describe` shows its statistics.",
                    example: "made = synth(\"demo-labels\", count=8, size=64, seed=2)\nl = labels(made.folder + \"/train-rle.csv\", width=64, height=64)\ndescribe l") { args in
            // Named as written, so that a description repeats on any machine.
            .object(LabelsObject(try Labels(csv: try FileIO.read(path: try args.readablePath("path")), source: try args.string("path"),
                                            width: try args.int("width"), height: try args.int("height"))))
        })
        add(Builtin("headers", .data, [Parameter("path", .string)],
                    help: "The DICOM headers of every `.dcm` file below a folder, read in parallel without decoding "
                        + "pixels (parsing stops at PixelData): a table with id (the file's stem, the SIIM ImageId), sex, "
                        + "age, view, modality, rows, columns and path. For EDA by metadata over a whole download in "
                        + "seconds, and for `prevalence labels headers=...`.",
                    example: "made = synth(\"demo-headers\", count=4, size=64, seed=2)\nh = headers(made.folder)\nh") { args in
            let headers = try DICOMHeaders(folder: try args.readablePath("path"))
            if !headers.unreadable.isEmpty {
                args.session.print("note: \(headers.unreadable.count) unreadable files, e.g. \(headers.unreadable[0])")
            }
            return .object(try HeaderMetadata.table(headers, folder: try args.string("path")))
        })
        add(Builtin("load", .data, [Parameter("path", .string), .size(default: 256),
                                    Parameter("clahe", .number, default: Value.none),
                                    Parameter("cache", .bool, default: true),
                                    Parameter("part", .choice(DatasetPart.self), default: "train"),
                                    Parameter("labels", .string, default: Value.none),
                                    Parameter("unlabelled", .choice(UnlabelledPolicy.self), default: "skip"),
                                    Parameter("strict", .bool, default: false)],
                    help: "Loads a dataset folder, resized to `size` x `size`, with optional CLAHE at clip limit `clahe=`. "
                        + "Layouts are recognised by name: the competition's download (`dicom-images-train/`, "
                        + "`dicom-images-test/`, `train-rle.csv`; DICOMs anywhere below, linked folders followed), the "
                        + "stage-2 release (`stage_2_images/`, `stage_2_train.csv`, `stage_2_sample_submission.csv`), a PNG "
                        + "repack (`train/`, `masks/`, `test/`) or a folder of images. `part=\"train\"` gives the "
                        + "labelled training images; `part=\"test\"` the test images, unlabelled, for `predict` and "
                        + "`submit` (the sample submission's ids, else a test folder's). `labels=` names the labels CSV "
                        + "instead of the one found in the folder. A training image without a labels row is left out and "
                        + "counted (`unlabelled=\"skip\"`) or kept without a mask (`unlabelled=\"keep\"`). What the load "
                        + "left out is printed in one line: images without labels, labelled images without a file, "
                        + "unreadable files with their reasons, links not followed; `strict=true` makes any of them an "
                        + "error. Images are decoded on every core into a cache file that the dataset memory-maps, so its "
                        + "memory does not grow with the image count; later loads of the same folder and settings map that "
                        + "file again (`cache=false` holds the images in memory instead). Index it for samples (`ds[3]`), "
                        + "slice it for subsets (`ds[0:100]`).",
                    example: "synth \"demo-load\" count=6 size=64 seed=3\nds = load(\"demo-load\", size=32, cache=false)\nds\nds[0]") { args in
            var preprocessing = Preprocessing(size: try args.int("size"))
            if let clip = try args.optionalNumber("clahe") { preprocessing.clahe = CLAHESettings(clipLimit: clip) }
            let cache = try args.bool("cache") ? Dataset.defaultCacheDirectory : nil
            let selection = DatasetSelection(part: try args.choice("part", as: DatasetPart.self),
                                             labels: try args.has("labels") ? args.readablePath("labels") : nil,
                                             unlabelled: try args.choice("unlabelled", as: UnlabelledPolicy.self),
                                             strict: try args.bool("strict"))
            let dataset = try Dataset.load(try args.readablePath("path"), preprocessing: preprocessing, selection: selection,
                                           cacheDirectory: cache, progress: LoadProgressLine.reporter())
            let object = DatasetObject(dataset)
            if !dataset.report.phrases.isEmpty { args.session.print("note: " + object.reportLine) }
            return .object(object)
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
        let statisticsSource = Parameter("ds", .oneOf([.object("dataset"), .object("labels")]))
        add(Builtin("coverage", .data, [statisticsSource, Parameter("bins", .integer(in: 1...10_000), default: 20)] + Parameter.figure,
                    help: "How much of each positive image its mask covers: a histogram of the mask fraction over the "
                        + "positive images, with the share of empty masks. Pneumothorax masks are mostly small. Takes a "
                        + "dataset (masks at its size) or labels (`labels \"train-rle.csv\"`: the RLE at full resolution, "
                        + "no image decoded).",
                    example: "coverage synth_dataset(count=16, size=32, seed=6) bins=5 width=48") { args in
            let m = try MaskAreas(args, "ds")
            let pixels = Double(m.pixelCount)
            let fractions = m.areas.filter { $0 > 0 }.map { Double($0) / pixels }
            let empty = m.count - fractions.count
            args.session.print("\(m.count) images: \(empty) with an empty mask "
                               + "(\(Formatting.percent(Double(empty) / Double(max(1, m.count))))); "
                               + "mean coverage \(Formatting.percent(m.meanCoverage)) over all images")
            guard !fractions.isEmpty else { return .none }
            let title = "mask coverage of positive images"
            return try Self.present(try Histogram(values: fractions, bins: try args.int("bins"), title: title,
                                                  xLabel: "fraction of the image"), title: title, args)
        })
        add(Builtin("imbalance", .data, [statisticsSource] + Parameter.figure,
                    help: "Class imbalance at two levels: images with and without pneumothorax, and mask pixels against "
                        + "background pixels over the whole dataset. Takes a dataset or labels.",
                    example: "imbalance synth_dataset(count=16, size=32, seed=7) width=48") { args in
            let m = try MaskAreas(args, "ds")
            let (n, positives) = (m.count, m.positives)
            args.session.print("images: \(positives) positive, \(n - positives) negative "
                               + "(\(Formatting.percent(Double(positives) / Double(max(1, n)))) positive); "
                               + "pixels: \(Formatting.percent(m.meanCoverage)) in masks")
            return try Self.present(try BarChart(labels: ["positive", "negative"],
                                                 values: [Double(positives), Double(n - positives)], title: "images by class"),
                                    title: "images by class", args)
        })
        add(Builtin("prevalence", .data, [statisticsSource, Parameter("by", .choice(MetadataField.self), default: "sex"),
                                          Parameter("headers", .object("table"), default: Value.none)] + Parameter.figure,
                    help: "The positive rate in each group of a metadata field: `by=\"sex\"`, `\"age\"` (ten-year bands) "
                        + "or `\"view\"` (PA/AP). A dataset carries its metadata; labels take it from a `headers` table "
                        + "(`headers \"siim\"`, joined on the image id), so prevalence needs no image decoded.",
                    example: "prevalence synth_dataset(count=20, size=32, seed=8) by=\"view\" width=48") { args in
            let name = try args.string("by")
            let field = try args.choice("by", as: MetadataField.self)
            let prevalence: Prevalence
            switch args["ds"] {
            case .object(let d as DatasetObject):
                prevalence = d.dataset.prevalence(by: field)
            default:
                let m = try MaskAreas(args, "ds")
                guard args.has("headers") else {
                    throw args.error("ds", "labels carry no metadata: pass `headers=headers(\"folder\")` to join on the image id")
                }
                let headers = try HeaderMetadata(try args.object("headers", as: TableObject.self))
                var metadata: [Metadata] = [], positive: [Bool] = [], missing: [String] = []
                for (id, area) in zip(m.ids, m.areas) {
                    guard let found = headers.byID[id] else { missing.append(id); continue }
                    metadata.append(found)
                    positive.append(area > 0)
                }
                if !missing.isEmpty {
                    args.session.print("note: \(missing.count) labelled images have no headers row and are left out, e.g. \(missing[0])")
                }
                prevalence = Prevalence(by: field, metadata: metadata, positive: positive)
            }
            let groups = prevalence.groups
            args.session.print(groups.map { "\($0.name): \($0.positives) of \($0.images) positive (\(Formatting.percent($0.rate)))" }
                .joined(separator: "\n"))
            guard !groups.isEmpty else { return .none }
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
                                     Parameter("test", .integer(in: 0...1_000_000), default: 0),
                                     Parameter("size", .integer, default: 256), Parameter("seed", .integer, default: Value.none),
                                     Parameter("layout", .choice(SynthLayout.self), default: "siim"),
                                     Parameter("positive_rate", .number(in: 0...1), default: 0.22)],
                    help: "Writes a synthetic chest X-ray dataset with pneumothorax-like masks: DICOMs in the SIIM layout "
                        + "(or PNGs with `layout=\"png\"`) and `train-rle.csv`, and with `test=N` N unlabelled test images in "
                        + "`dicom-images-test/` (or `test/`), as the competition ships them. Prints one line with the counts; the "
                        + "value's members are `folder`, `files`, `count`, `positives` and `regions`.",
                    example: "made = synth(\"demo-synth\", count=4, size=64, seed=1)\nmade.positives") { args in
            let folder = try args.writablePath("path")
            let layout = try args.choice("layout", as: SynthLayout.self)
            let seed = try args.seed()
            let made = try Synth.generate(to: folder, count: try args.int("count"), testCount: try args.int("test"),
                                          size: try args.int("size"), seed: seed,
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
