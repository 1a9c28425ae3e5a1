import Data
import Imaging
import Render
import Segmentation

extension Registry {
    /// `gallery`: chosen images with their truth and a model's prediction, side by side.
    func addGallery() {
        add(Builtin("gallery", .render, [
            Parameter("ds", .object("dataset")), Parameter("ids", .any, default: Value.none),
            Parameter("model", .oneOf([.object("model"), .list]), default: Value.none),
            .tta, .threshold, .minArea, Parameter("triplet", .list, default: Value.none), .clsThreshold, .predictionBatch,
        ] + Parameter.figure, help: "Chosen images with their masks and a model's predictions. Each X-ray with its true mask (red) and, "
            + "with `model=`, beside it the X-ray "
            + "with the model's post-processed prediction (green; `tta`, `threshold`, "
            + "`min_area`, `triplet` and `cls_threshold` as for `evaluate`, a tuned model's own by default), captioned with the id, the areas and the Dice. `ids` is a list of "
            + "ImageIds or indices (the first four when left out), such as the `id` column of a table of "
            + "per-image results. At most \(Self.galleryLimit) images. Drawn in the terminal, or written with `png=`.",
            example: "ds = synth_dataset(count=4, size=64, seed=1)\nm = unet(base=4, depth=2, seed=1)\n"
                + "gallery ds ids=[0, ds.ids[2]] model=m width=60") { args in
            let dataset = try args.object("ds", as: DatasetObject.self).dataset
            let samples = try Self.galleryIndices(dataset, args).map { try dataset[$0] }
            guard args.has("model") else {
                let tiles = try samples.map { s in
                    Grid.Tile(try Overlay(image: s.image, mask: s.mask), caption: [s.id, Self.truthCaption(s.mask)])
                }
                return try Self.present(try Grid(tiles), title: "gallery", args)
            }
            let prediction = try Self.predictor(args).predict(samples.map(\.image))
            let predictions = try Self.postProcessing(args, tuned: Self.tuned(args), side: dataset.size)
                .apply(to: prediction.maps, presence: prediction.presence)
            var tiles: [Grid.Tile] = []
            for (sample, predicted) in zip(samples, predictions) {
                var caption = "no mask to score"
                if let truth = sample.mask {
                    caption = "dice " + Formatting.fixed(try ImageScore(prediction: predicted.pixels, truth: truth.pixels).dice)
                }
                tiles.append(Grid.Tile(try Overlay(image: sample.image, mask: sample.mask),
                                       caption: [sample.id, Self.truthCaption(sample.mask)]))
                tiles.append(Grid.Tile(try Overlay(image: sample.image, prediction: predicted),
                                       caption: [caption, "predicted \(predicted.area) px"]))
            }
            return try Self.present(try Grid(tiles, columns: 2), title: "gallery", args)
        })
    }

    /// Images one gallery draws: enough to compare, bounded so a whole dataset is not drawn.
    static let galleryLimit = 32

    private static func truthCaption(_ mask: Mask?) -> String {
        mask.map { "truth \($0.area) px" } ?? "no mask"
    }

    /// The indices `ids` names: ImageIds or indices (negative ones count from the end), or
    /// the first four images.
    private static func galleryIndices(_ dataset: Dataset, _ args: Arguments) throws -> [Int] {
        guard dataset.count > 0 else { throw args.error("ds", "the dataset has no images") }
        let requested: [Value]
        switch args["ids"] {
        case .none: return Array(0..<min(4, dataset.count))
        case .list(let items): requested = items
        case let single: requested = [single]
        }
        guard !requested.isEmpty else { throw args.error("ids", "`ids` is empty; name at least one image") }
        guard requested.count <= galleryLimit else {
            throw args.error("ids", "\(requested.count) images asked for; a gallery draws at most \(galleryLimit)")
        }
        var position: [String: Int] = [:]
        for (i, id) in dataset.ids.enumerated() where position[id] == nil { position[id] = i }
        return try requested.enumerated().map { k, item in
            if case .string(let id) = item {
                guard let i = position[id] else {
                    var error = args.error("ids", "the dataset has no image `\(id)`")
                    error.suggestion = Suggestions.nearest(to: id, in: dataset.ids)
                    throw error
                }
                return i
            }
            guard let n = item.integer else {
                throw args.error("ids", "item \(k) is a \(item.typeName); `ids` holds ImageIds (strings) or indices")
            }
            let i = n < 0 ? dataset.count + n : n
            guard (0..<dataset.count).contains(i) else {
                throw args.error("ids", "index \(n) is outside this dataset of \(dataset.count) images")
            }
            return i
        }
    }
}
