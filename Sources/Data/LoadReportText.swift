extension LoadReport {
    /// How many entries each phrase names after "first:".
    static let shown = 3

    /// One phrase per kind of finding, for the line `load` prints and for `describe`:
    /// "left out: 2 without labels (first: a, b)", "39 labelled images without a file
    /// (first: ...)", "1 unreadable (first: x.dcm: not a DICOM file)", "1 link not followed
    /// (first: ...)". Empty when the load found nothing to say.
    public var phrases: [String] {
        var phrases: [String] = []
        if !imagesWithoutLabels.isEmpty {
            phrases.append((unlabelledKept ? "kept unlabelled: " : "left out: ")
                           + "\(imagesWithoutLabels.count) without labels" + Self.first(imagesWithoutLabels))
        }
        phrases += problemPhrases
        return phrases
    }

    /// The first finding that makes a strict load fail (every one but images kept unlabelled
    /// on purpose), or nil.
    public var firstProblem: String? {
        var problems = problemPhrases
        if !imagesWithoutLabels.isEmpty && !unlabelledKept {
            problems.insert("left out: \(imagesWithoutLabels.count) without labels" + Self.first(imagesWithoutLabels), at: 0)
        }
        return problems.first
    }

    private var problemPhrases: [String] {
        var phrases: [String] = []
        if !labelsWithoutImage.isEmpty {
            phrases.append("\(labelsWithoutImage.count) labelled image\(labelsWithoutImage.count == 1 ? "" : "s") "
                           + "without a file" + Self.first(labelsWithoutImage))
        }
        if !unreadable.isEmpty { phrases.append("\(unreadable.count) unreadable" + Self.first(unreadable)) }
        if !notFollowed.isEmpty {
            phrases.append("\(notFollowed.count) link\(notFollowed.count == 1 ? "" : "s") not followed" + Self.first(notFollowed))
        }
        return phrases
    }

    private static func first(_ entries: [String]) -> String {
        " (first: " + entries.prefix(shown).joined(separator: ", ") + (entries.count > shown ? ", ..." : "") + ")"
    }
}
