import Foundation
import Imaging

/// A mask written as rows of 0/1 separated by `/`, e.g. "0110/0000" (2 rows, 4 columns).
func mask(_ rows: String) -> Mask {
    let lines = rows.split(separator: "/")
    let width = lines.first?.count ?? 0
    let pixels = lines.flatMap { $0.map { $0 == "1" ? UInt8(1) : 0 } }
    return Mask(width: width, height: lines.count, pixels: pixels)
}
