/// The natural order `sort` and `group` use: bools, then numbers, then strings, each in
/// its own order; values that have no order among themselves (lists, records, objects)
/// keep their places; missing values (none, NaN) always come last, also when descending,
/// as in pandas, so "the worst images" never starts with the unscored ones.
enum ValueOrder {
    /// Whether `value` counts as missing.
    static func isMissing(_ value: Value) -> Bool {
        switch value {
        case .none: true
        case .number(let x): x.isNaN
        default: false
        }
    }

    /// -1, 0 or 1 as `a` comes before, with or after `b` (neither missing).
    static func compare(_ a: Value, _ b: Value) -> Int {
        switch (a, b) {
        case let (.number(x), .number(y)): x < y ? -1 : (x > y ? 1 : 0)
        case let (.string(x), .string(y)): x < y ? -1 : (x > y ? 1 : 0)
        case let (.bool(x), .bool(y)): x == y ? 0 : (x ? 1 : -1)
        default: rank(a) < rank(b) ? -1 : (rank(a) > rank(b) ? 1 : 0)
        }
    }

    private static func rank(_ value: Value) -> Int {
        switch value {
        case .bool: 0
        case .number: 1
        case .string: 2
        default: 3
        }
    }

    /// The positions of `keys` in sorted order; equal keys keep their input order.
    static func sortedIndices(_ keys: [Value], descending: Bool) -> [Int] {
        keys.indices.sorted { i, j in
            let (a, b) = (keys[i], keys[j])
            let (missingA, missingB) = (isMissing(a), isMissing(b))
            if missingA != missingB { return missingB }
            let order = missingA ? 0 : (descending ? -compare(a, b) : compare(a, b))
            return order != 0 ? order < 0 : i < j
        }
    }
}
