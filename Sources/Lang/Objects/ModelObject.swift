import Core
import Foundation
import Segmentation

/// A segmentation network and what has been done with it: the trainer of its last `fit`
/// (so `resume` and a second `fit` continue it), the size it was trained at, and the
/// post-processing `fit ... tune=true` chose for it.
public final class ModelObject: EngineObject {
    public let model: any SegmentationModel
    var trainer: Trainer?
    var trainedSize: Int?
    /// What `evaluate`, `predict` and `submit` use unless told otherwise.
    var postProcessing: PostProcessing?

    public init(_ model: any SegmentationModel) { self.model = model }

    public var kind: String { "model" }

    public var summary: String {
        let trained = trainer.map { t in
            ", trained \(t.epochsDone) epoch\(t.epochsDone == 1 ? "" : "s")" + (trainedSize.map { " at \($0)px" } ?? "")
        } ?? ", untrained"
        let frozen = model.frozenParts.map(\.rawValue)
        let parts = frozen.isEmpty ? "" : ", frozen: " + frozen.joined(separator: ", ")
        let tuned = postProcessing.map { ", tuned \($0)" } ?? ""
        return "\(model.config.call): \(model.parameterCount) parameters\(trained)\(parts)\(tuned)"
    }

    public var details: String {
        let size = trainedSize ?? 256
        let post = "post-processing: " + (postProcessing.map { "\($0) (tuned)" } ?? "none stored (threshold 0.5)")
        let head = [summary, "parts:", model.partsDescription, post].joined(separator: "\n")
        guard let table = try? model.summary(height: size, width: size).table else { return head }
        return head + "\n" + table
    }

    /// The metadata key a weights file keeps the tuned post-processing under.
    static let postProcessingKey = Trainer.postProcessingKey

    /// The tuned post-processing in a weights file's metadata, if it has one.
    static func postProcessing(in metadata: [String: String], source: String) throws -> PostProcessing? {
        guard let json = metadata[postProcessingKey] else { return nil }
        do { return try JSONDecoder().decode(PostProcessing.self, from: Data(json.utf8)) } catch {
            throw InputError(source, at: "metadata.\(postProcessingKey)", "is not valid: \(error)")
        }
    }

    public var memberNames: [String] { ["history", "parameters", "call", "digest", "postprocess"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "history": return trainer.map { .object(HistoryObject($0.history)) } ?? Value.none
        case "parameters": return .number(Double(model.parameterCount))
        case "call": return .string(model.config.call)
        // Equal digests mean the same weights bit for bit: how a replay is checked.
        case "digest": return .string(model.weightsDigest)
        case "postprocess": return postProcessing.map { .string($0.description) } ?? Value.none
        default: return nil
        }
    }
}

/// What a training run recorded; `show` draws its learning curves.
public final class HistoryObject: EngineObject {
    public let history: History

    public init(_ history: History) { self.history = history }

    public var kind: String { "history" }

    public var summary: String {
        let epochs = history.records.filter { $0.note == nil }.count
        var text = "history: \(epochs) epoch\(epochs == 1 ? "" : "s")"
        if let last = history.records.last { text += ", last train loss \(Formatting.fixed(last.trainLoss))" }
        if let best = history.bestEpoch, let rec = history.records.first(where: { $0.epoch == best && $0.note == nil }),
           let dice = rec.validationDice {
            text += ", best val dice \(Formatting.fixed(dice)) at epoch \(best + 1)"
        }
        if let reason = history.stopReason { text += " (stopped: \(reason))" }
        return text
    }

    public var details: String {
        let lines = history.records.flatMap { Self.line($0, width: 78).split(separator: "\n").map { "  " + $0 } }
        return ([summary] + lines + [dataLine, ranksLine].compactMap { $0 }).joined(separator: "\n")
    }

    /// How much of the training time went to waiting for batches (the prefetching loader's
    /// own counts), when the run counted it. Timings vary run to run, so only `describe`
    /// shows them, never the summary that notebooks print.
    private var dataLine: String? {
        guard let share = history.dataWaitShare else { return nil }
        let counted = history.records.filter { $0.dataWaitSeconds != nil }
        let training = counted.reduce(0) { $0 + $1.seconds }, making = counted.reduce(0) { $0 + ($1.dataSeconds ?? 0) }
        return "  waiting for data: \(Formatting.percent(share)) of \(Formatting.significant(training, 3)) s of training "
            + "(making the batches took \(Formatting.significant(making, 3)) s, mostly in the background)"
    }

    /// The world of a data-parallel run and the share of training time its ranks waited for
    /// gradient all-reduces (rank 0's count), when the run had several ranks.
    private var ranksLine: String? {
        guard let share = history.allReduceShare,
              let ranks = history.records.compactMap(\.worldSize).max() else { return nil }
        let counted = history.records.filter { $0.allReduceSeconds != nil }
        let waited = counted.reduce(0) { $0 + $1.allReduceSeconds! }
        return "  data parallel: \(ranks) ranks; waiting for gradient all-reduces: \(Formatting.percent(share)) "
            + "(\(Formatting.significant(waited, 3)) s) of the training time"
    }

    public var memberNames: [String] { ["train_loss", "val_loss", "val_dice", "lr", "best_epoch"] }

    public func member(_ name: String) throws -> Value? {
        let epochs = history.records.filter { $0.note == nil }
        func series(_ f: (EpochRecord) -> Double?) -> Value { .list(epochs.map { f($0).map(Value.number) ?? Value.none }) }
        switch name {
        case "train_loss": return series { $0.trainLoss }
        case "val_loss": return series { $0.validationLoss }
        case "val_dice": return series { $0.validationDice }
        case "lr": return series { $0.learningRate }
        case "best_epoch": return history.bestEpoch.map { .number(Double($0 + 1)) } ?? Value.none
        default: return nil
        }
    }
}

/// A frozen, stratified batch for the loss lab: the same images every time it is used.
public final class ProbeObject: EngineObject {
    public let batch: Batch
    public let positives: Int

    init(_ batch: Batch, positives: Int) {
        self.batch = batch
        self.positives = positives
    }

    public var kind: String { "probe" }

    public var summary: String {
        let s = batch.images.shape
        return "probe of \(s[0]) images \(s[3])x\(s[2]) (\(positives) positive)"
    }
}

/// Probability maps predicted for a dataset, in the dataset's order.
public final class PredictionsObject: EngineObject {
    public let ids: [String]
    public let probabilities: [Imaging.Image]

    init(ids: [String], probabilities: [Imaging.Image]) {
        self.ids = ids
        self.probabilities = probabilities
    }

    public var kind: String { "predictions" }
    public var summary: String {
        let side = probabilities.first.map { "\($0.width)x\($0.height)" } ?? "-"
        return "predictions for \(ids.count) images \(side)"
    }

    public var count: Int? { probabilities.count }
    public func element(at index: Int) throws -> Value {
        .object(ImageObject(probabilities[index], origin: "prediction for \(ids[index])"))
    }
}

import Imaging
