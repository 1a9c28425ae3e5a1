import Testing
import Segmentation

/// `describe m`'s layer table: every column lines up with its header, whatever the
/// widths of the layer names, shapes and counts.
@Suite struct ModelSummaryTableTests {
    @Test func columnsLineUpWithTheirHeaders() throws {
        var c = ModelConfig(.unet)
        c.base = 4; c.depth = 2
        let summary = try makeModel(c).summary(height: 64, width: 64)
        let lines = summary.table.split(separator: "\n").map(String.init)
        let header = lines[1]
        let rows = lines[2..<(2 + summary.layers.count)]
        #expect(rows.count > 10)   // two-digit layer numbers make the first column wider
        let outputStart = try #require(header.range(of: "output")).lowerBound.utf16Offset(in: header)
        let paramsEnd = try #require(header.range(of: "params")).upperBound.utf16Offset(in: header)
        for (row, layer) in zip(rows, summary.layers) {
            let chars = Array(row)
            // Text columns start under their header; number columns end under theirs.
            #expect(chars[outputStart] == "[", "\(row)")
            #expect(chars[outputStart - 1] == " " && chars[outputStart - 2] == " ", "\(row)")
            let params = String(chars[..<paramsEnd]).split(separator: " ").last.map(String.init)
            #expect(params == String(layer.parameters), "\(row)")
            #expect(row.count == header.count, "\(row)")
        }
    }
}
