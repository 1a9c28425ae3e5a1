import Imaging
import Tensor

/// A grid search of post-processing settings on validation predictions, scored by the
/// competition metric: the mean over images of Dice, with Dice = 1 when prediction and truth
/// are both empty.
///
/// Every binarization in the grid is tried with every minimum component area and, for a
/// model with an image-level head, every class threshold (nil: no image-level decision). The search
/// labels the components of each image once per distinct outline threshold and counts each
/// component's overlap with the truth; every minimum area and triplet then costs a few sums,
/// so a large grid is about as fast as its distinct thresholds.
public struct ThresholdSearch: Sendable {
    public var thresholds: [Float]
    /// Triplets as (top, minPixels, bottom).
    public var triplets: [(top: Float, minPixels: Int, bottom: Float)]
    public var minAreas: [Int]
    /// The side probabilities are resized to before binarizing; nil keeps their size.
    public var size: Int?
    /// Class thresholds (`PostProcessing.clsThreshold`); nil tries the pixels alone.
    public var clsThresholds: [Float?]

    public init(thresholds: [Float] = [0.3, 0.4, 0.5, 0.6, 0.7],
                triplets: [(top: Float, minPixels: Int, bottom: Float)] = ThresholdSearch.firstPlaceTriplets,
                minAreas: [Int] = [0, 200, 500, 1000, 2000], size: Int? = nil, clsThresholds: [Float?] = [nil]) {
        self.thresholds = thresholds
        self.triplets = triplets
        self.minAreas = minAreas.isEmpty ? [0] : minAreas
        self.size = size
        self.clsThresholds = clsThresholds.isEmpty ? [nil] : clsThresholds
    }

    /// The class thresholds searched for a model with an image-level head: none first, then
    /// 0.1 to 0.9 (the head's probability is as uncalibrated as the pixels').
    public static let classifierGrid: [Float?] = [nil, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]

    /// The triplets the 1st-place solution searched on validation (at 1024²).
    public static let firstPlaceTriplets: [(top: Float, minPixels: Int, bottom: Float)] = [
        (0.75, 1000, 0.3), (0.75, 1000, 0.4), (0.75, 2000, 0.3), (0.75, 2000, 0.4),
        (0.6, 2000, 0.3), (0.6, 2000, 0.4), (0.6, 3000, 0.3), (0.6, 3000, 0.4),
    ]

    /// Every setting the search tries, in a fixed order (ties go to the earlier one).
    public var settings: [PostProcessing] {
        let binarizations = thresholds.map { Binarization.threshold($0) }
            + triplets.map { Binarization.triplet(top: $0.top, minPixels: $0.minPixels, bottom: $0.bottom) }
        return binarizations.flatMap { b in
            minAreas.flatMap { area in clsThresholds.map { PostProcessing(b, minArea: area, size: size, clsThreshold: $0) } }
        }
    }

    /// Each setting with its score, best first.
    public struct Result: Sendable, CustomStringConvertible {
        public var ranking: [(setting: PostProcessing, score: Double)]
        /// How many images were scored.
        public var imageCount: Int

        public var best: (setting: PostProcessing, score: Double) { ranking[0] }

        /// The best few settings, one per line.
        public var description: String {
            (["best of \(ranking.count) settings on \(imageCount) images:"]
                + ranking.prefix(5).map { "  \(String(format: "%.4f", $0.score))  \($0.setting)" })
                .joined(separator: "\n")
        }
    }

    /// Scores every setting on `probabilities` against `truths` (at the output size), in
    /// parallel over images.
    public func run(probabilities: [Image], truths: [Mask], presence: [Float]? = nil) throws -> Result {
        var totals = Totals(search: self)
        try totals.add(probabilities: probabilities, truths: truths, presence: presence)
        return try totals.result()
    }

    /// The sums of per-image Dice under every setting, over the images added so far: a search
    /// over any number of images holds only these sums and the chunk being added.
    public struct Totals: Sendable {
        public let search: ThresholdSearch
        let settings: [PostProcessing]
        public private(set) var sums: [Double]
        public private(set) var imageCount = 0

        public init(search: ThresholdSearch) {
            self.search = search
            settings = search.settings
            sums = [Double](repeating: 0, count: settings.count)
        }

        /// Adds the Dice of every setting on one chunk of images, whose class probabilities
        /// are `presence` (nil for a model without the head: class thresholds then decide nothing).
        public mutating func add(probabilities: [Image], truths: [Mask], presence: [Float]? = nil) throws {
            guard probabilities.count == truths.count else {
                throw ShapeError("search_thresholds", "needs one truth per probability map, got \(probabilities.count) maps and \(truths.count) truths")
            }
            if let presence, presence.count != probabilities.count {
                throw ShapeError("search_thresholds", "needs one class probability per map, got \(presence.count) for \(probabilities.count) maps")
            }
            let size = search.size, settings = settings
            let outlines = Array(Set(settings.map(\.binarization.outline))).sorted()
            let layout = PostProcessing(.threshold(0), size: size)
            for (i, (p, t)) in zip(probabilities, truths).enumerated() {
                let (w, h) = size.map { ($0, $0) } ?? (p.width, p.height)
                guard t.width == w, t.height == h else {
                    throw ShapeError("search_thresholds", "image \(imageCount + i): the truth is \(t.width)x\(t.height) but the processed prediction is \(w)x\(h)")
                }
            }
            var scores = [Double](repeating: 0, count: probabilities.count * settings.count)
            var failures = [(any Error)?](repeating: nil, count: probabilities.count)
            let search = search
            scores.withUnsafeMutableBufferPointer { scores in
                failures.withUnsafeMutableBufferPointer { failures in
                    Parallel.forEach(probabilities.count) { i in
                        do {
                            let image = try layout.resized(probabilities[i])
                            let row = UnsafeMutableBufferPointer(rebasing: scores[(i * settings.count)..<((i + 1) * settings.count)])
                            search.score(image, presence: presence?[i], truth: truths[i], outlines: outlines,
                                         settings: settings, into: row)
                        } catch {
                            failures[i] = error
                        }
                    }
                }
            }
            if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
            for i in 0..<probabilities.count {
                for s in 0..<settings.count { sums[s] += scores[i * settings.count + s] }
            }
            imageCount += probabilities.count
        }

        /// Replaces the sums by those of every rank of a data-parallel run, each of which
        /// added its own share of the images; `sum` adds element-wise over the ranks.
        public mutating func combine(_ sum: ([Double]) throws -> [Double]) throws {
            let all = try sum(sums + [Double(imageCount)])
            sums = Array(all.dropLast())
            imageCount = Int(all[all.count - 1])
        }

        /// Every setting with its mean Dice, best first (ties go to the earlier setting).
        public func result() throws -> Result {
            guard imageCount > 0 else { throw ShapeError("search_thresholds", "needs at least one image") }
            let ranking = zip(settings, sums).map { (setting: $0, score: $1 / Double(imageCount)) }
                .enumerated().sorted { ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset) }.map(\.element)
            return Result(ranking: ranking, imageCount: imageCount)
        }
    }

    /// One image's Dice under every setting; `presence` is its class probability, if any.
    private func score(_ image: Image, presence: Float?, truth: Mask, outlines: [Float], settings: [PostProcessing],
                       into row: UnsafeMutableBufferPointer<Double>) {
        let truthArea = truth.area
        // Per outline threshold: each component's area and overlap with the truth.
        var componentsAt: [Float: (areas: [Int], overlaps: [Int])] = [:]
        for level in outlines {
            let components = Components(Binarization.threshold(level).apply(to: image))
            var overlaps = [Int](repeating: 0, count: components.count)
            components.labels.withUnsafeBufferPointer { labels in
                truth.pixels.withUnsafeBufferPointer { t in
                    for j in labels.indices where labels[j] != 0 && t[j] != 0 { overlaps[Int(labels[j]) - 1] += 1 }
                }
            }
            componentsAt[level] = (components.areas, overlaps)
        }
        var aboveTop: [Float: Int] = [:]
        for case let .triplet(top, _, _) in settings.map(\.binarization) where aboveTop[top] == nil {
            aboveTop[top] = countAbove(top, in: image)
        }
        for (s, setting) in settings.enumerated() {
            if setting.callsEmpty(presence: presence) {
                // An empty prediction scores 1 on an empty truth and 0 on any other.
                row[s] = truthArea == 0 ? 1 : 0
                continue
            }
            var predicted = 0, overlap = 0
            if case let .triplet(top, minPixels, _) = setting.binarization, aboveTop[top, default: 0] < minPixels {
                // The image is predicted empty.
            } else if let found = componentsAt[setting.binarization.outline] {
                for (area, common) in zip(found.areas, found.overlaps) where area >= setting.minArea {
                    predicted += area
                    overlap += common
                }
            }
            row[s] = PixelCounts(truePositives: overlap, falsePositives: predicted - overlap,
                                 falseNegatives: truthArea - overlap).dice
        }
    }
}
