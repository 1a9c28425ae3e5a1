/// How many items share each integer value (e.g. how many images have k regions), in
/// increasing order of value.
public struct Tally: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let value: Int
        public let count: Int
        public init(value: Int, count: Int) {
            self.value = value
            self.count = count
        }
    }

    public let entries: [Entry]

    public init<S: Sequence<Int>>(_ values: S) {
        var counts: [Int: Int] = [:]
        for v in values { counts[v, default: 0] += 1 }
        entries = counts.sorted { $0.key < $1.key }.map { Entry(value: $0.key, count: $0.value) }
    }

    /// Items with `value`.
    public subscript(value: Int) -> Int { entries.first { $0.value == value }?.count ?? 0 }
}

/// Counts in equal-width bins over `lower...upper`; the last bin includes `upper`.
public struct Histogram: Sendable, Equatable {
    public let lower: Double
    public let upper: Double
    public let counts: [Int]

    public init(lower: Double, upper: Double, counts: [Int]) {
        self.lower = lower
        self.upper = upper
        self.counts = counts
    }

    public var binWidth: Double { counts.isEmpty ? 0 : (upper - lower) / Double(counts.count) }

    /// The range bin `i` covers.
    public func bin(_ i: Int) -> ClosedRange<Double> {
        (lower + Double(i) * binWidth)...(lower + Double(i + 1) * binWidth)
    }
}

/// Label-level exploratory statistics, computed from the runs without decoding any mask:
/// class balance, rows and regions per image, union mask areas and coverage.
/// Counts and areas are exact integers.
public struct LabelStatistics: Sendable {
    public let imageCount: Int
    public let positiveCount: Int
    public let rowCount: Int
    /// Pixels in one mask (width x height), the denominator of coverage.
    public let pixelCount: Int
    /// How many images have k CSV rows.
    public let rowsPerImage: Tally
    /// How many positive images have k regions (non-`-1` rows).
    public let regionsPerPositive: Tally
    /// Union mask areas of the positive images, ascending.
    public let positiveAreas: [Int]

    public init(_ labels: Labels) {
        imageCount = labels.images.count
        rowCount = labels.rowCount
        pixelCount = labels.width * labels.height
        rowsPerImage = Tally(labels.images.lazy.map { $0.rows.count })
        let positives = labels.images.filter(\.isPositive)
        positiveCount = positives.count
        regionsPerPositive = Tally(positives.lazy.map(\.regionCount))
        positiveAreas = positives.map(\.area).sorted()
    }

    public var negativeCount: Int { imageCount - positiveCount }
    public var positiveRate: Double { imageCount == 0 ? 0 : Double(positiveCount) / Double(imageCount) }
    public var negativeRate: Double { imageCount == 0 ? 0 : Double(negativeCount) / Double(imageCount) }

    /// Smallest, largest and median union area over positive images (nil when there are none).
    public var minArea: Int? { positiveAreas.first }
    public var maxArea: Int? { positiveAreas.last }
    public var medianArea: Double? { areaQuantile(0.5) }

    /// The q-quantile (0...1) of positive union areas, interpolating linearly between
    /// neighbouring ranks as numpy's default does.
    public func areaQuantile(_ q: Double) -> Double? {
        guard !positiveAreas.isEmpty else { return nil }
        let position = min(max(q, 0), 1) * Double(positiveAreas.count - 1)
        let lo = Int(position), hi = min(lo + 1, positiveAreas.count - 1)
        let fraction = position - Double(lo)
        return Double(positiveAreas[lo]) + fraction * Double(positiveAreas[hi] - positiveAreas[lo])
    }

    /// Mean of area / pixelCount over all images (negatives count as 0).
    public var meanCoverage: Double {
        guard imageCount > 0, pixelCount > 0 else { return 0 }
        return Double(positiveAreas.reduce(0, +)) / (Double(imageCount) * Double(pixelCount))
    }

    /// Coverage (area / pixelCount) of positive images in `bins` equal bins from 0 to the
    /// largest coverage. Binning is done on integer areas, so counts are exact.
    public func coverageHistogram(bins: Int) -> Histogram {
        let bins = max(1, bins)
        let top = positiveAreas.last ?? 0
        var counts = [Int](repeating: 0, count: bins)
        for area in positiveAreas {
            counts[top == 0 ? 0 : min(bins - 1, area * bins / top)] += 1
        }
        return Histogram(lower: 0, upper: pixelCount == 0 ? 0 : Double(top) / Double(pixelCount), counts: counts)
    }
}
