import Data
import Imaging
import Segmentation
import Tensor

/// What `evaluate` gives: the competition scores, drawn as a short report when a statement
/// shows it (so a bare `evaluate` prints its scores once), and the per-image results as
/// the table `.images`.
public final class EvaluationObject: EngineObject {
    /// One row per image: id, dice, truth_area, pred_area, components, outcome, cls_prob, sex,
    /// age, view.
    public let images: TableObject
    /// dice, dice_positive, iou, accuracy, precision, recall, in that order.
    public let scores: Record
    /// What a statement showing it prints.
    public let report: String
    let meanDice: Double, meanIoU: Double

    /// Scores `evaluation` of `dataset`, whose samples it scored in order.
    public init(_ evaluation: Evaluation, of dataset: Dataset) throws {
        let scores = evaluation.scores
        let detection = scores.detection(.pixelCount(minimum: 1))
        let positives = scores.images.filter(\.hasTruth)
        let positiveDice = positives.isEmpty ? Double.nan : positives.map(\.dice).reduce(0, +) / Double(positives.count)
        self.scores = Record([("dice", .number(scores.meanDice)), ("dice_positive", .number(positiveDice)),
                              ("iou", .number(scores.meanIoU)), ("accuracy", .number(detection.accuracy)),
                              ("precision", detection.precision.map(Value.number) ?? .none),
                              ("recall", detection.recall.map(Value.number) ?? .none)])
        (meanDice, meanIoU) = (scores.meanDice, scores.meanIoU)
        var heading = "\(scores.images.count) images, \(positives.count) with pneumothorax"
        let settings = evaluation.postProcessing.description
        heading += heading.count + settings.count + 2 <= 80 ? ", " + settings : "\n  " + settings
        report = """
            \(heading)
              competition dice  \(Formatting.fixed(scores.meanDice))
              dice on positives \(Formatting.fixed(positiveDice))
              mean iou          \(Formatting.fixed(scores.meanIoU))
              detection         accuracy \(Formatting.fixed(detection.accuracy)), precision \(Formatting.fixed(detection.precision ?? .nan)), recall \(Formatting.fixed(detection.recall ?? .nan))
            """
        images = try Self.perImage(evaluation, of: dataset)
    }

    /// An evaluation as it was, from its parts (the notebook cache restores one this way).
    public init(scores: Record, report: String, images: TableObject) {
        func number(_ name: String) -> Double {
            if case .number(let x)? = scores[name] { return x }
            return .nan
        }
        self.scores = scores
        self.report = report
        self.images = images
        (meanDice, meanIoU) = (number("dice"), number("iou"))
    }

    /// The per-image table. The outcome is image-level detection: `tp` when the truth and
    /// the prediction both have pixels, `fn` when only the truth does, `fp` when only the
    /// prediction does, `tn` when neither. Components are the prediction's 8-connected
    /// regions after post-processing. `cls_prob` is the image-level head's probability (none for
    /// a model without one), so the head's mistakes sort and filter like the masks'.
    static func perImage(_ evaluation: Evaluation, of dataset: Dataset) throws -> TableObject {
        let scored = evaluation.scores.images, runs = evaluation.maskRuns
        guard scored.count == dataset.count, runs.count == dataset.count else {
            throw LangError("the evaluation scored \(scored.count) images of a dataset of \(dataset.count)")
        }
        var components = [Int](repeating: 0, count: runs.count)
        components.withUnsafeMutableBufferPointer { out in
            Parallel.forEach(runs.count) { out[$0] = runs[$0].isEmpty ? 0 : Components(evaluation.mask($0)).count }
        }
        let outcomes = scored.map { score -> Value in
            switch (score.counts.truthArea > 0, score.counts.predictedArea > 0) {
            case (true, true): "tp"
            case (true, false): "fn"
            case (false, true): "fp"
            case (false, false): "tn"
            }
        }
        let metadata = dataset.metadata
        let presence = evaluation.presence.map { $0.map { Value.number(Double($0)) } }
            ?? [Value](repeating: .none, count: dataset.count)
        return try TableObject(
            names: ["id", "dice", "truth_area", "pred_area", "components", "outcome", "cls_prob", "sex", "age", "view"],
            columns: [dataset.ids.map { .string($0) }, scored.map { .number($0.dice) },
                      scored.map { .number(Double($0.counts.truthArea)) },
                      scored.map { .number(Double($0.counts.predictedArea)) },
                      components.map { .number(Double($0)) }, outcomes, presence,
                      metadata.map { $0.sex.map(Value.string) ?? .none },
                      metadata.map { $0.age.map { .number(Double($0)) } ?? .none },
                      metadata.map { $0.view.map(Value.string) ?? .none }])
    }

    public var kind: String { "evaluation" }

    public var summary: String {
        "evaluation of \(images.rowCount) images: dice \(Formatting.fixed(meanDice)), iou \(Formatting.fixed(meanIoU))"
    }

    /// The report, and what `.images` holds.
    public var details: String {
        report + "\n  per image         `.images`, a table of \(images.rowCount) rows x \(images.names.count) columns"
    }

    public func display(color: Bool) -> String { report }

    public var memberNames: [String] { scores.fields.map(\.name) + ["images"] }

    public func member(_ name: String) throws -> Value? {
        name == "images" ? .object(images) : scores[name]
    }
}
