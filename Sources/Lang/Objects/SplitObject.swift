import Data

/// A train/validation split of a dataset; `sp.train` and `sp.val` are datasets.
public final class SplitObject: EngineObject {
    public let train: DatasetObject
    public let validation: DatasetObject

    public init(of dataset: Dataset, _ split: Split) {
        train = DatasetObject(dataset.subset(split.train))
        validation = DatasetObject(dataset.subset(split.validation))
    }

    public var kind: String { "split" }

    public var summary: String {
        "split: train \(train.dataset.count) images (\(train.positives) positive), "
            + "val \(validation.dataset.count) images (\(validation.positives) positive)"
    }

    public var details: String { [summary, "  train: " + train.summary, "  val: " + validation.summary].joined(separator: "\n") }

    public var memberNames: [String] { ["train", "val"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "train": return .object(train)
        case "val": return .object(validation)
        default: return nil
        }
    }
}
