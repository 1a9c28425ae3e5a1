import Foundation

/// Small formatting helpers shared by the engine objects' summaries.
enum Formatting {
    /// `0.2222` as "22.2%". A share too small for one decimal keeps two significant digits
    /// ("0.031%"), so a mask coverage of a few pixels in a thousand is not printed as 0%.
    static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "n/a" }
        let percent = fraction * 100
        if percent != 0 && abs(percent) < 0.05 { return significant(percent, 2) + "%" }
        return Value.format((percent * 10).rounded() / 10) + "%"
    }

    /// A number rounded to four decimals, as "0.4312".
    static func fixed(_ x: Double) -> String {
        guard x.isFinite else { return Value.format(x) }
        return Value.format((x * 10_000).rounded() / 10_000)
    }

    /// `x` to `digits` significant digits, as "0.0123" or "1.23e-05".
    static func significant(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return Value.format(x) }
        return String(format: "%.\(digits)g", x)
    }
}
