/// Which part of a dataset folder to load: the labelled training images or the test images.
public enum DatasetPart: String, Sendable, CaseIterable {
    /// Images with a labels row (or, in a PNG repack, a mask file).
    case train
    /// The test images, unlabelled, for `predict` and `submit`: those a sample submission
    /// lists, else those in `dicom-images-test/`, `stage_2_images/` or `test/` without a
    /// labels row.
    case test
}

/// What to do with a training image that has no labels row.
public enum UnlabelledPolicy: String, Sendable, CaseIterable {
    /// Leave it out and count it in the load report, so that it cannot reach `fit`.
    case skip
    /// Keep it, marked unlabelled (no mask).
    case keep
}

/// How `Dataset.load` chooses the files of a folder.
public struct DatasetSelection: Sendable, Equatable {
    public var part: DatasetPart
    /// A labels CSV given explicitly, used instead of the one found in the folder.
    public var labels: String?
    public var unlabelled: UnlabelledPolicy
    /// Whether any problem in the load report (an unreadable file, an image left out for
    /// want of labels, a labelled id without an image, a link not followed) is an error.
    public var strict: Bool

    public init(part: DatasetPart = .train, labels: String? = nil, unlabelled: UnlabelledPolicy = .skip,
                strict: Bool = false) {
        self.part = part
        self.labels = labels
        self.unlabelled = unlabelled
        self.strict = strict
    }

    /// The choices that change which files make the dataset, for the cache's key.
    var key: String { "part=\(part.rawValue) labels=\(labels ?? "") unlabelled=\(unlabelled.rawValue)" }
}
