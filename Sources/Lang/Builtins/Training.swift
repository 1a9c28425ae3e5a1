import Data
import Foundation
import Imaging
import Render
import Segmentation
import Tensor

extension Registry {
    /// Training, evaluation and inference: `fit`, `resume`, `evaluate`, `predict`, `submit`,
    /// `search_thresholds`, `history`, `save_weights`, `load_weights`.
    func addTraining() {
        let fitParameters: [Parameter] = [
            Parameter("model", .object("model")), Parameter("train", .object("dataset")),
            Parameter("val", .object("dataset"), default: Value.none),
            Parameter("epochs", .integer(in: 1...), default: 1), Parameter("batch", .integer(in: 1...), default: 4),
            Parameter("accum", .integer(in: 1...), default: 1), Parameter("lr", .number(in: 0..., open: .lower), default: 1e-3),
            Parameter("lr_encoder", .number(in: 0...), default: Value.none),
            Parameter("cls_weight", .number(in: 0...), default: 1),
            Parameter("tune", .bool, default: false),
            Parameter("optimizer", .oneOf([.object("optimizer"), .string]), default: "adam")
                .completing(FitOptions.OptimizerKind.catalog.names),
            Parameter("weight_decay", .number(in: 0...), default: 0),
            Parameter("sched", .oneOf([.object("schedule"), .string]), default: "constant").completing(Schedule.catalog.names),
            Parameter("loss", .any, default: Value.none), Parameter("aug", .object("transform"), default: Value.none),
            Parameter("pos_frac", .number(in: 0...1, open: .lower), default: Value.none), Parameter("seed", .integer, default: Value.none),
            Parameter("budget", .number(in: 0..., open: .lower), default: Value.none),
            Parameter("swa", .integer(in: 0...), default: Value.none),
            Parameter("ema", .number(in: 0...1, open: .both), default: Value.none),
            Parameter("clip", .number(in: 0..., open: .lower), default: Value.none),
            .threshold, Parameter("monitor", .choice(FitOptions.Monitor.self), default: "dice"),
            Parameter("checkpoint", .string, default: Value.none),
            Parameter("stop", .oneOf([.integer, .list]), default: Value.none),
            Parameter("sync_bn", .bool, default: false),
        ]
        add(Builtin("fit", .training, fitParameters,
                    help: "Trains a model: `epochs` over `train` in batches of `batch`, `accum` micro-batches per step, "
                        + "Adam (or `optimizer=adamw`, `sgd(momentum=0.9)`, `nesterov`) at `lr` with schedule `sched` "
                        + "(constant, step(n), cosine, sgdr(t_0), poly, each with warmup=; a value such as "
                        + "`cosine(warmup=2)` or its string form `\"cosine(warmup=2)\"`), `loss` (default bce + dice), "
                        + "augmentation `aug`, "
                        + "`pos_frac` (the positives' share of each epoch: every positive image, plus as many randomly drawn "
                        + "negatives, fresh each epoch, as make positives that share; all the negatives when there are too "
                        + "few), SWA from epoch `swa` or an "
                        + "EMA with decay `ema`, gradient clipping `clip`, a time `budget` in seconds, and a `checkpoint` "
                        + "file written after each epoch. With `val`, it reports the competition Dice each epoch and "
                        + "keeps the best weights. Ctrl-C stops after the current step, keeping the weights. "
                        + "`stop=26` stops after 26 epochs and `stop=[26, 40]` after 40 batches more, while the "
                        + "schedule still spans all `epochs`. A run cut short by Ctrl-C or `budget` is recorded (in "
                        + "the journal and the saved script) with the `stop` it reached and without `budget`, so a "
                        + "replay trains exactly as far on any machine and ends with the same weights. A second "
                        + "`fit` trains on from the current weights as a new run (fresh optimizer and schedule: this is "
                        + "how multi-resolution training continues at a larger size); `resume` continues a checkpointed "
                        + "run exactly. Fine-tuning: `lr_encoder` is the encoder's own rate (on the same schedule), and "
                        + "the parts `freeze` froze do not train (their batch-norm statistics stay as they are). A model "
                        + "with `cls_head=true` adds the BCE of its image-level logit, weighted by `cls_weight`, to the loss. "
                        + "`tune=true` runs `search_thresholds` on `val` after training and keeps the best post-processing "
                        + "in the model: `evaluate`, `predict` and `submit` then use it unless given their own settings. "
                        + "Under `mpirun -np N` each rank trains on its share of every epoch's batches "
                        + "(`batch` is per rank) and the gradients are averaged; `sync_bn=true` gives batch norms the "
                        + "statistics of all N batches (docs/distributed.md).",
                    example: "ds = synth_dataset(count=16, size=64, seed=1)\nm = unet(base=4, depth=2, seed=1)\n"
                        + "h = fit m ds epochs=1 batch=8 seed=1\nh") { args in
            try Self.train(args, resumeFrom: nil)
        })
        add(Builtin("resume", .training, [Parameter("path", .string)] + fitParameters,
                    help: "Continues a run from a `checkpoint` file written by `fit`: the weights, optimizer state, "
                        + "weight average, history and position are restored, then training goes on to `epochs` "
                        + "with the same settings as the original call.",
                    example: "ds = synth_dataset(count=8, size=64, seed=1)\nm = unet(base=4, depth=2, seed=1)\n"
                        + "fit m ds epochs=1 batch=8 seed=1 checkpoint=\"run.safetensors\"\n"
                        + "resume \"run.safetensors\" m ds epochs=2 batch=8 seed=1") { args in
            try Self.train(args, resumeFrom: try args.readablePath("path"))
        })
        let inference: [Parameter] = [
            Parameter("model", .oneOf([.object("model"), .list])), Parameter("ds", .object("dataset")),
            .tta, .predictionBatch,
        ]
        add(Builtin("evaluate", .training, inference + Parameter.postProcessing + [Parameter("per_image", .bool, default: false)],
                    help: "Scores a model (or a list of models: an ensemble averaging their probabilities) on a labelled "
                        + "dataset with the competition metric: mean per-image Dice, 1 when prediction and truth are both "
                        + "empty. `tta=\"hflip\"` averages with the mirrored prediction; `threshold`, `min_area` (8-connected "
                        + "components), `triplet=[top, min_pixels, bottom]` and `size` (resize before thresholding) "
                        + "post-process. With `size=1024` the probabilities, predicted at the dataset's size, are resized "
                        + "to 1024², post-processed there and scored against the original masks (the label file's RLE, or "
                        + "the PNG under `masks/`): the competition metric at the competition's resolution. `min_area` "
                        + "and the triplet's min_pixels count pixels at the scored size. Images go through in chunks of "
                        + "\(inferenceChunk), so memory does not grow with the dataset. Gives the scores (`.dice`, `.dice_positive`, `.iou`, `.accuracy`, `.precision`, "
                        + "`.recall`) and, as `.images`, a table with one row per image: id, dice, truth_area, pred_area, "
                        + "components, outcome (tp, fp, fn or tn at the image level), cls_prob (the image-level head's probability; none "
                        + "without a head), sex, age and view. "
                        + "`per_image=true` gives that table itself. A model with an image-level head gives an empty mask "
                        + "to every image whose class probability is below `cls_threshold`. A model tuned by `fit ... "
                        + "tune=true` uses its stored post-processing; each setting given here replaces that one.",
                    example: "ds = synth_dataset(count=8, size=64, seed=1)\nm = unet(base=4, depth=2, seed=1)\n"
                        + "r = evaluate m ds tta=\"hflip\" min_area=10\nr\nsort(r.images, by=\"dice\")") { args in
            let dataset = try args.object("ds", as: DatasetObject.self).dataset
            let result = try evaluate(try Self.predictor(args), on: dataset,
                                      postProcessing: try Self.postProcessing(args, tuned: Self.tuned(args), side: dataset.size),
                                      across: Self.worldRanks)
            let evaluation = try EvaluationObject(result, of: dataset)
            return .object(try args.bool("per_image") ? evaluation.images : evaluation)
        })
        add(Builtin("predict", .training, inference + [.clsThreshold],
                    help: "Probability maps for every image of a dataset (with `tta=\"hflip\"` optional; a list of models is "
                        + "an ensemble). Index the result to get one map as an image. With a model's image-level head, the "
                        + "maps of images whose class probability is below `cls_threshold` (given here, or the tuned one) "
                        + "are zero.",
                    example: "ds = synth_dataset(count=4, size=64, seed=1)\np = predict(unet(base=4, depth=2, seed=1), ds)\np") { args in
            let dataset = try args.object("ds", as: DatasetObject.self).dataset
            let predictor = try Self.predictor(args)
            // The inputs a chunk at a time: only the maps the result holds grow with the dataset.
            let gate = args.given("cls_threshold") ? try args.optionalNumber("cls_threshold").map(Float.init)
                : Self.tuned(args)?.clsThreshold
            var probabilities: [Imaging.Image] = []
            probabilities.reserveCapacity(dataset.count)
            try forEachChunk(count: dataset.count, read: { try dataset.images($0) }) { _, images in
                let prediction = try predictor.predict(images)
                for (k, map) in prediction.maps.enumerated() {
                    let empty = PostProcessing(.threshold(0.5), clsThreshold: gate).callsEmpty(presence: prediction.presence?[k])
                    probabilities.append(empty ? Imaging.Image(width: map.width, height: map.height) : map)
                }
            }
            return .object(PredictionsObject(ids: dataset.ids, probabilities: probabilities))
        })
        add(Builtin("submit", .training, inference + Parameter.postProcessing + [Parameter("path", .string, default: "submission.csv")],
                    help: "Predicts a dataset, post-processes (threshold or triplet, min_area, `size=1024` for the "
                        + "competition's resolution; `min_area` counts pixels at that size) and writes the Kaggle CSV `ImageId,EncodedPixels` in the relative RLE "
                        + "format, `-1` for empty images, atomically. A tuned model uses its stored post-processing, and "
                        + "an image-level head empties the masks of images below `cls_threshold`, as in `evaluate`.",
                    example: "ds = synth_dataset(count=4, size=64, seed=1)\n"
                        + "submit unet(base=4, depth=2, seed=1) ds path=\"sub.csv\" min_area=10") { args in
            let dataset = try args.object("ds", as: DatasetObject.self).dataset
            let path = try args.writablePath("path")
            let predictor = try Self.predictor(args)
            let postProcessing = try Self.postProcessing(args, tuned: Self.tuned(args), side: dataset.size)
            var submission = Submission()
            var positive = 0
            // A chunk at a time: only one chunk's probabilities and masks are ever held.
            try forEachChunk(count: dataset.count, read: { try dataset.images($0) }) { range, images in
                let prediction = try predictor.predict(images)
                let masks = try postProcessing.apply(to: prediction.maps, presence: prediction.presence)
                for (i, mask) in zip(range, masks) {
                    try submission.add(dataset.ids[i], mask)
                    if !mask.isEmpty { positive += 1 }
                }
            }
            try submission.write(to: path)
            args.session.print("wrote \(try args.string("path")): \(submission.count) images, \(positive) with a predicted pneumothorax")
            return .none
        })
        add(Builtin("search_thresholds", .training, inference + [.size(default: Value.none)],
                    help: "Grid search on a validation set of the threshold, the minimum component area and the 1st-place "
                        + "triplet rules, ranked by the competition metric. With `size=1024` the probabilities are resized "
                        + "to 1024² and scored against the original masks, and the minimum areas (0, 200, 600, 1000, 2000) "
                        + "and the triplets' minimum pixels are pixels at 1024²; without it they are scaled to the dataset's size. For a model with an "
                        + "image-level head (`cls_head=true`) every setting is also tried with each `cls_threshold` "
                        + "(none, 0.1 ... 0.9). Images go through in chunks, keeping only each setting's running score. "
                        + "Gives the best setting's record.",
                    example: "ds = synth_dataset(count=8, size=64, seed=1)\n"
                        + "search_thresholds unet(base=4, depth=2, seed=1) ds") { args in
            let dataset = try args.object("ds", as: DatasetObject.self).dataset
            let result = try Self.searchThresholds(try Self.predictor(args), on: dataset, size: try args.optionalInt("size"))
            args.session.print(result.description)
            return .record(Record([("score", .number(result.best.score)), ("setting", .string(result.best.setting.description))]))
        })
        add(Builtin("history", .training, [Parameter("x", .oneOf([.object("model"), .object("history")]))] + Parameter.figure,
                    help: "Learning curves of a training run: train and validation loss, validation Dice, per epoch.",
                    example: "ds = synth_dataset(count=8, size=64, seed=1)\nm = unet(base=4, depth=2, seed=1)\n"
                        + "fit m ds val=ds epochs=2 batch=8 seed=1\nhistory m width=60") { args in
            let history: History
            switch args["x"] {
            case .object(let h as HistoryObject): history = h.history
            case .object(let m as ModelObject):
                guard let t = m.trainer else { throw args.error("x", "this model has not been trained yet") }
                history = t.history
            default: throw args.error("x", "`history` takes a model or a history")
            }
            let epochs = history.records.filter { $0.note == nil }
            guard !epochs.isEmpty else { throw args.error("x", "the run has no completed epoch") }
            let x = epochs.map { Double($0.epoch + 1) }
            var series = [try LinePlot.Series("train loss", x: x, y: epochs.map(\.trainLoss))]
            if epochs.allSatisfy({ $0.validationLoss != nil }) {
                series.append(try LinePlot.Series("val loss", x: x, y: epochs.map { $0.validationLoss! }))
            }
            if epochs.allSatisfy({ $0.validationDice != nil }) {
                series.append(try LinePlot.Series("val dice", x: x, y: epochs.map { $0.validationDice! }))
            }
            return try Self.present(try LinePlot(series, title: "learning curves", xLabel: "epoch"), title: "learning curves", args)
        })
        add(Builtin("save_weights", .training, [Parameter("model", .object("model")), Parameter("path", .string)],
                    help: "Writes the model's parameters and batch-norm statistics as safetensors, with PyTorch-style "
                        + "dotted names and the architecture (and a tuned model's post-processing) in the metadata, atomically.",
                    example: "save_weights unet(base=4, depth=2, seed=1) \"weights.safetensors\"") { args in
            let object = try args.object("model", as: ModelObject.self)
            let model = object.model
            // Sorted keys: the same model writes the same bytes, run after run.
            let json = JSONEncoder()
            json.outputFormatting = [.sortedKeys]
            let config = String(decoding: try json.encode(model.config), as: UTF8.self)
            var metadata = ["config": config, "call": model.config.call]
            if let tuned = object.postProcessing {
                metadata[ModelObject.postProcessingKey] = String(decoding: try json.encode(tuned), as: UTF8.self)
            }
            try model.saveWeights(to: try args.writablePath("path"), metadata: metadata)
            return .none
        })
        add(Builtin("load_weights", .training, [Parameter("model", .object("model")), Parameter("path", .string),
                                                Parameter("part", .choice(["all", "encoder"]), default: .string("all"))],
                    help: "Reads safetensors weights (from Pleura or another tool) into a model whose parameter names and "
                        + "shapes match; otherwise lists every missing, unexpected and mis-shaped tensor. Post-processing "
                        + "tuned by `fit ... tune=true` and saved with the weights comes back with them. "
                        + "`part=\"encoder\"` loads an encoder checkpoint (torchvision ResNet or timm EfficientNet "
                        + "ImageNet weights, names as docs/smp.md maps them) into the tensors under `encoder.` and prints "
                        + "how many matched, which are missing and which were ignored; three-channel first-convolution "
                        + "weights are summed into one channel, as smp does for in_channels=1.",
                    example: "m = unet(base=4, depth=2, seed=1)\nsave_weights m \"w.safetensors\"\n"
                        + "load_weights m \"w.safetensors\"") { args in
            let object = try args.object("model", as: ModelObject.self)
            let path = try args.readablePath("path")
            if try args.string("part") == "encoder" {
                args.session.print(try object.model.loadEncoderWeights(from: path).description)
            } else {
                let metadata = try object.model.loadWeights(from: path)
                object.postProcessing = try ModelObject.postProcessing(in: metadata, source: path)
            }
            return .none
        })
    }

    /// `fit` and `resume`: builds the options, reuses the model's trainer when the settings
    /// continue its run, and prints one line per epoch (a live progress line goes to a
    /// terminal's stderr only, so scripts and notebooks print the same text every time).
    private static func train(_ args: Arguments, resumeFrom path: String?) throws -> Value {
        let object = try args.object("model", as: ModelObject.self)
        let train = try args.object("train", as: DatasetObject.self).dataset
        let validation = args.has("val") ? try args.object("val", as: DatasetObject.self).dataset : nil
        var options = FitOptions(loss: BinaryCrossEntropy() + DiceLoss())
        if args.has("loss") {
            guard let loss = try args.session.loss(from: args["loss"]) else {
                throw args.error("loss", "`loss` must be a loss (bce, dice, 3*bce + dice, or a function of (p, y)), got \(args["loss"].typeName)")
            }
            options.loss = loss
        }
        options.epochs = try args.int("epochs")
        options.batchSize = try args.int("batch")
        options.accumulation = try args.int("accum")
        options.learningRate = try args.number("lr")
        options.encoderLearningRate = try args.optionalNumber("lr_encoder")
        options.classifierWeight = try args.number("cls_weight")
        options.weightDecay = try args.number("weight_decay")
        options.optimizer = try Self.setting(args, "optimizer", from: FitOptions.OptimizerKind.catalog)
        options.schedule = try Self.setting(args, "sched", from: Schedule.catalog)
        options.augmentation = args.has("aug") ? try args.object("aug", as: TransformObject.self).transform : nil
        options.positiveFraction = try args.optionalNumber("pos_frac")
        options.seed = try args.seed()
        options.timeBudget = try args.optionalNumber("budget")
        options.stop = try Self.fitStop(args)
        options.swaFromEpoch = try args.optionalInt("swa")
        options.emaDecay = try args.optionalNumber("ema")
        options.clipNorm = try args.optionalNumber("clip")
        options.threshold = Float(try args.number("threshold"))
        options.monitor = try args.choice("monitor", as: FitOptions.Monitor.self)
        options.checkpointPath = Self.onRankZero(args.has("checkpoint") ? try args.writablePath("checkpoint") : nil)

        let tune = try args.bool("tune")
        if tune && validation == nil {
            throw args.error("tune", "`tune=true` searches the post-processing on the validation set: give one with `val=`")
        }
        let trainer = try Trainer(model: object.model, options: options)
        if let path {
            try trainer.resume(from: path)
            object.postProcessing = trainer.postProcessing
        }
        let ranks = Self.joinRanks(trainer)
        object.trainer = trainer
        object.trainedSize = train.size
        let session = args.session
        var progress = FitProgressLine()
        defer { progress.clear() }
        let history = try Self.withRanks(ranks, syncBatchNorm: try args.bool("sync_bn")) {
            try trainer.fit(train: train, validation: validation) { event in
                switch event {
                case .step(let p): progress.show(p)
                case .epoch(let record):
                    progress.clear()
                    session.print(HistoryObject.line(record, of: options.epochs))
                case .message(let text):
                    progress.clear()
                    session.print(text)
                }
            }
        }
        progress.clear()
        if let stopped = try Self.recordAsRun(args, history: history, epochs: options.epochs,
                                              batchesPerEpoch: trainer.batchesPerEpoch(on: train)) {
            session.print(stopped)
        }
        progress.finish()
        if tune, let validation { try Self.tune(object, trainer: trainer, on: validation, trainedSize: train.size, session: session) }
        return .object(HistoryObject(history))
    }

    /// `fit ... tune=true`: the best post-processing on `validation` becomes the model's (and
    /// its checkpoint's), printed beside the score of predicting nothing, the metric's floor.
    private static func tune(_ object: ModelObject, trainer: Trainer, on validation: Dataset, trainedSize: Int,
                             session: Session) throws {
        let predictor = Predictor([.init(object.model, inputSize: trainedSize)], batchSize: trainer.options.batchSize)
        let best = try searchThresholds(predictor, on: validation, size: nil).best
        object.postProcessing = best.setting
        trainer.postProcessing = best.setting
        if let path = trainer.options.checkpointPath { try trainer.saveCheckpoint(to: path) }
        let empty = Double(validation.positive.filter { !$0 }.count) / Double(max(validation.count, 1))
        session.print("tuned on val: \(best.setting) scores \(Formatting.fixed(best.score)) "
                      + "(predicting nothing scores \(Formatting.fixed(empty)))")
    }

    /// The post-processing grid search of `search_thresholds` on a labelled dataset, with the
    /// class thresholds too when a model has an image-level head. With `size` the
    /// probabilities are resized and scored against the original masks, and the minimum areas
    /// (0, 200, 600, 1000, 2000 at 1024²) are scaled to the scored side.
    static func searchThresholds(_ predictor: Predictor, on dataset: Dataset, size: Int?) throws -> ThresholdSearch.Result {
        // Checked before the minimum areas are scaled by it, even when there is nothing to resize.
        try size.map { try Resize.check(toWidth: $0, toHeight: $0) }
        if let i = dataset.masks.firstIndex(where: { $0 == nil }) {
            throw LangError("sample \(i) (\(dataset.ids[i])) has no mask")
        }
        let side = size ?? dataset.size
        let scale = Double(side) / 1024
        let classifying = predictor.members.contains { $0.model.config.classifierDropout != nil }
        let pixels = { (n: Int) in Int((Double(n) * scale * scale).rounded()) }
        // The 1st-place triplets' minimum pixels were counted at 1024² too: unscaled, no 64-pixel
        // image could reach them and every triplet would call every image empty.
        let triplets = ThresholdSearch.firstPlaceTriplets.map { (top: $0.top, minPixels: max(1, pixels($0.minPixels)), bottom: $0.bottom) }
        let search = ThresholdSearch(triplets: triplets, minAreas: [0, 200, 600, 1000, 2000].map(pixels),
                                     size: size, clsThresholds: classifying ? ThresholdSearch.classifierGrid : [nil])
        // A chunk at a time, keeping only each setting's running sum of Dice: memory is one
        // chunk's probabilities and truths whatever the dataset's size.
        var totals = ThresholdSearch.Totals(search: search)
        // Under mpirun each rank scores its block of the images and the sums are added up.
        let block = Self.rankBlock(of: dataset.count)
        try forEachChunk(count: block.count, read: { chunk in
            let range = (block.lowerBound + chunk.lowerBound)..<(block.lowerBound + chunk.upperBound)
            return (try dataset.images(range), try range.map { try dataset.truth(of: $0, side: side) })
        }) { _, chunk in
            let prediction = try predictor.predict(chunk.0)
            try totals.add(probabilities: prediction.maps, truths: chunk.1, presence: prediction.presence)
        }
        try totals.combine(Self.sumOverRanks)
        return try totals.result()
    }

    /// The post-processing a single model was tuned to, if any (an ensemble has none).
    static func tuned(_ args: Arguments) -> PostProcessing? {
        guard case .object(let m as ModelObject) = args["model"] else { return nil }
        return m.postProcessing
    }

    /// The predictor for `model` (one model or a list: an ensemble, each at the dataset's size).
    static func predictor(_ args: Arguments) throws -> Predictor {
        let models: [ModelObject]
        switch args["model"] {
        case .object(let m as ModelObject): models = [m]
        case .list(let items):
            models = try items.enumerated().map { i, v in
                guard case .object(let m as ModelObject) = v else { throw args.error("model", "item \(i) is a \(v.typeName), not a model") }
                return m
            }
            guard !models.isEmpty else { throw args.error("model", "the ensemble is empty") }
        default: throw args.error("model", "`model` must be a model or a list of models")
        }
        return Predictor(models.map { Predictor.Member($0.model, inputSize: $0.trainedSize) },
                         flipTTA: try args.string("tta") == "hflip", batchSize: try args.int("batch"))
    }

    /// The post-processing the arguments ask for. A `tuned` one is the starting point: only
    /// the settings the call writes replace its own, and its minimum area, counted at its
    /// scored side, is rescaled when `size` changes that side (`side` is the dataset's).
    static func postProcessing(_ args: Arguments, tuned: PostProcessing? = nil, side: Int? = nil) throws -> PostProcessing {
        let replaces = { (name: String) in tuned == nil || args.given(name) }
        var result = tuned ?? PostProcessing(.threshold(0.5))
        if args.has("triplet") {
            let t = try args.list("triplet")
            guard t.count == 3, case .number(let top) = t[0], let pixels = t[1].integer, case .number(let bottom) = t[2] else {
                throw args.error("triplet", "`triplet` must be [top, min_pixels, bottom], e.g. [0.75, 2000, 0.3]")
            }
            result.binarization = .triplet(top: Float(top), minPixels: pixels, bottom: Float(bottom))
        } else if replaces("threshold") {
            result.binarization = .threshold(Float(try args.number("threshold")))
        }
        if replaces("size") {
            let size = try args.optionalInt("size")
            if let tuned, let side, !args.given("min_area") {
                let ratio = Double(size ?? side) / Double(tuned.size ?? side)
                result.minArea = Int((Double(tuned.minArea) * ratio * ratio).rounded())
            }
            result.size = size
        }
        if replaces("min_area") { result.minArea = try args.int("min_area") }
        if replaces("cls_threshold") { result.clsThreshold = try args.optionalNumber("cls_threshold").map(Float.init) }
        return result
    }
}
