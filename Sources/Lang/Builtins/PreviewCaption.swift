import Augment
import Foundation

/// The caption under one tile of `preview`: every transform that fired, in order, with
/// the values it drew. A tile is narrow (18 columns at 80 with four tiles), so each
/// transform is written as richly as fits: with named values, then with values alone to
/// two digits, then by name only. Transforms share a line while they fit, so a name is
/// never cut and the pipeline's order reads top to bottom.
enum PreviewCaption {
    static func lines(_ drawn: [Drawn], width: Int) -> [String] {
        guard !drawn.isEmpty else { return ["identity"] }
        let parts = drawn.map { d in [d.description, compact(d)].first { $0.count <= width } ?? d.transform }
        var lines: [String] = []
        var line = ""
        for part in parts {
            if line.isEmpty {
                line = part
            } else if line.count + 3 + part.count <= width {
                line += " | " + part
            } else {
                lines.append(line)
                line = part
            }
        }
        lines.append(line)
        return lines
    }

    /// `gamma(1.1)`: the drawn values without their names, to two significant digits
    /// (whole numbers from 10 up, which are pixel sizes and offsets).
    static func compact(_ d: Drawn) -> String {
        guard !d.values.isEmpty else { return d.transform }
        let values = d.values.map { abs($0.value) >= 10 ? String(Int($0.value.rounded())) : String(format: "%.2g", $0.value) }
        return d.transform + "(" + values.joined(separator: ",") + ")"
    }
}
