import Testing

/// Expects `actual` to match `expected` element by element within `tolerance` scaled by the
/// expected value's size: |actual − expected| ≤ tolerance · max(1, |expected|). Below magnitude 1
/// the tolerance is absolute, above it relative, so one number suits values near zero (where
/// a relative test would demand exact zeros) and large ones (where float rounding grows with
/// the value). A failure names the worst element.
public func expectClose<T: BinaryFloatingPoint>(_ actual: [T], _ expected: [T], tolerance: T,
                                                 _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    let label = what.isEmpty ? "" : "\(what): "
    #expect(actual.count == expected.count, "\(label)\(actual.count) values, expected \(expected.count)",
            sourceLocation: sourceLocation)
    var worst: (index: Int, excess: T)?
    for (k, (a, e)) in zip(actual, expected).enumerated() {
        let allowed = tolerance * max(1, abs(e))
        let excess = abs(a - e) / allowed
        if !(excess <= 1), !(excess <= (worst?.excess ?? 0)) { worst = (k, excess) }
    }
    if let (k, _) = worst {
        Issue.record("\(label)element \(k) is \(actual[k]), expected \(expected[k]) within \(tolerance) · max(1, |expected|)",
                     sourceLocation: sourceLocation)
    }
}

/// `expectClose` for one value.
public func expectClose<T: BinaryFloatingPoint>(_ actual: T, _ expected: T, tolerance: T,
                                                 _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    expectClose([actual], [expected], tolerance: tolerance, what, sourceLocation: sourceLocation)
}
