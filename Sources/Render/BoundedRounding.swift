extension Int {
    /// `value` rounded by `rule` and clamped to `bounds`; NaN gives the lower bound.
    /// Positions computed from user data go through this, because `Int(_:)` traps on NaN and
    /// on values beyond its range (a range of ±1e308 makes `(v - lo) / (hi - lo)` NaN).
    init(bounded value: Double, _ bounds: ClosedRange<Int>,
         rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) {
        let r = value.rounded(rule)
        if !(r >= Double(bounds.lowerBound)) {
            self = bounds.lowerBound
        } else if r >= Double(bounds.upperBound) {
            self = bounds.upperBound
        } else {
            self = Int(r)
        }
    }
}
