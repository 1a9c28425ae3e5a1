import Core

/// The pixel size of a chart figure, bounded so a typo cannot ask for gigabytes.
public struct FigureSize: Sendable, Equatable {
    public let width: Int
    public let height: Int

    /// The largest side any figure may have.
    public static let maximumSide = 8192

    /// Throws when a side is below 32 pixels or above `maximumSide`.
    public init(width: Int, height: Int) throws {
        for (name, side) in [("width", width), ("height", height)] where !(32...Self.maximumSide).contains(side) {
            throw InputError("figure", at: name, "must be between 32 and \(Self.maximumSide) pixels, got \(side)")
        }
        self.width = width
        self.height = height
    }

    private init(unchecked width: Int, _ height: Int) {
        self.width = width
        self.height = height
    }

    /// Histograms, bar charts and line plots: wide enough for 20 labelled bins.
    public static let chart = FigureSize(unchecked: 800, 480)
    /// Sparklines: a word-sized strip.
    public static let sparkline = FigureSize(unchecked: 240, 48)

    /// Checks an optional longest side (of an overlay or heatmap) against the same bounds.
    static func checkLongestSide(_ side: Int?, of view: String) throws {
        if let side, !(1...maximumSide).contains(side) {
            throw InputError(view, at: "size", "must be between 1 and \(maximumSide) pixels, got \(side)")
        }
    }
}
