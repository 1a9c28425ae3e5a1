/// The per-image Dice values of a prediction set, with the summaries that show where the
/// score comes from: empty images (Dice 0 or 1) against the positives' partial overlaps.
public struct DiceDistribution: Sendable, Equatable {
    /// One Dice value per image, in input order.
    public let values: [Double]
    /// Whether each image's truth has a positive pixel.
    public let hasTruth: [Bool]

    public init(values: [Double], hasTruth: [Bool]) {
        self.values = values
        self.hasTruth = hasTruth
    }

    /// The mean over all images (the competition metric when the values are its Dice).
    public var mean: Double? { average(values) }

    /// The mean over images whose truth has a positive pixel.
    public var meanOnPositive: Double? { average(zip(values, hasTruth).filter { $0.1 }.map(\.0)) }

    /// The mean over images whose truth is empty (each is 1 or 0).
    public var meanOnNegative: Double? { average(zip(values, hasTruth).filter { !$0.1 }.map(\.0)) }

    /// The q-quantile (q clamped to [0, 1]) by linear interpolation between order
    /// statistics, NumPy's default; nil when there are no values.
    public func quantile(_ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let position = Swift.min(Swift.max(q, 0), 1) * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = Swift.min(low + 1, sorted.count - 1)
        return sorted[low] + (position - Double(low)) * (sorted[high] - sorted[low])
    }

    /// Counts in `bins` equal bins over [0, 1]; a Dice of exactly 1 falls in the last bin.
    public func histogram(bins: Int) -> [Int] {
        let bins = Swift.max(bins, 1)
        var counts = [Int](repeating: 0, count: bins)
        for v in values where v.isFinite {
            counts[Swift.min(Swift.max(Int(v * Double(bins)), 0), bins - 1)] += 1
        }
        return counts
    }

    private func average(_ xs: [Double]) -> Double? {
        xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count)
    }
}
