import Foundation
import Core
import Imaging
import Testing
import Data
import TestSupport

private let uid = "1.2.276.0.7230010.3.1.4.8323329."

@Suite(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
struct RealLabelFile {
    let labels: Labels

    init() throws {
        labels = try Labels(contentsOf: SharedData.path("siim/train-rle.csv"))
    }

    @Test func countsRowsImagesAndPositives() {
        #expect(labels.rowCount == 50)
        #expect(labels.images.count == 40)
        #expect(labels.images.filter(\.isPositive).count == 22)
    }

    /// Areas and bounding boxes from ../shared/data/README.md, from runs and from the decoded mask.
    @Test(arguments: [
        ("4904.1517875185.355709", 1, 9_418, 99...254, 171...433),
        ("12743.1517875241.599591", 1, 2_071, 536...659, 791...820),
        ("32579.1517875161.299312", 4, 16_904, 6...598, 158...471),
    ])
    func knownImage(_ suffix: String, regions: Int, area: Int, rows: ClosedRange<Int>, columns: ClosedRange<Int>) throws {
        let image = try #require(labels[uid + suffix])
        #expect(image.regionCount == regions)
        #expect(image.area == area)
        #expect(RLE.bounds(image.union, height: 1024) == PixelBounds(rows: rows, columns: columns))

        let mask = try #require(labels.mask(for: uid + suffix))
        #expect(mask.area == area)
        let on = mask.pixels.indices.filter { mask.pixels[$0] != 0 }
        #expect(on.map { $0 / 1024 }.min() == rows.lowerBound)
        #expect(on.map { $0 / 1024 }.max() == rows.upperBound)
        #expect(on.map { $0 % 1024 }.min() == columns.lowerBound)
        #expect(on.map { $0 % 1024 }.max() == columns.upperBound)
    }

    @Test func overlappingRowsKeepTheirOwnAreas() throws {
        let image = try #require(labels[uid + "32579.1517875161.299312"])
        #expect(image.rows.map(RLE.area) == [6_339, 1_856, 7_684, 6_081])
    }

    @Test func negativeImageHasEmptyMask() throws {
        let image = try #require(labels[uid + "6904.1517875201.850819"])
        #expect(!image.isPositive)
        #expect(image.rows == [[]])
        #expect(labels.mask(for: uid + "6904.1517875201.850819")?.isEmpty == true)
    }
}

@Test func readsTheVariantsRealFilesShow() throws {
    // BOM, CRLF, a header without the space, values with and without a leading space,
    // a quoted field, a blank line, and two overlapping rows for image b.
    let text = "\u{FEFF}ImageId,EncodedPixels\r\na, -1\r\nb,5 2 2 2\r\n\r\n\"b\", 6 2\r\nc,0 16\r\n"
    let labels = try Labels(csv: Data(text.utf8), width: 4, height: 4)
    #expect(labels.images.map(\.id) == ["a", "b", "c"])
    #expect(labels.rowCount == 4)
    #expect(labels["b"]?.lines == [3, 5])
    #expect(labels["b"]?.regionCount == 2)
    // Rows {5,6,9,10} and {6,7}: union {5,6,7,9,10}; 7 is column 1, row 3.
    #expect(labels["b"]?.area == 5)
    #expect(labels.mask(for: "b") == mask("0000/0110/0110/0100"))
    #expect(labels["c"]?.area == 16)
    #expect(labels["a"]?.isPositive == false)
    #expect(labels["missing"] == nil)
}

@Test func headerWithSpaceIsAccepted() throws {
    let labels = try Labels(csv: Data("ImageId, EncodedPixels\nx, 0 1\n".utf8), width: 2, height: 2)
    #expect(labels["x"]?.area == 1)
}

@Test(arguments: [
    ("ImageId,EncodedPixels\na,-1\nb 5 2\n", "line 3", "no comma"),
    ("ImageId,EncodedPixels\na,-1,3\n", "line 2", "more"),
    ("Image,Pixels\na,-1\n", "line 1", "header"),
    ("ImageId,EncodedPixels\n,-1\n", "line 2", "empty ImageId"),
    ("ImageId,EncodedPixels\na,-1\nb,5 2 9 2\n", "line 3, run 2", "past the mask"),
    ("", "", "empty label file"),
    // Unmatched quotes: the issue's example, a closing quote alone, a lone quote, one inside.
    ("ImageId, EncodedPixels\n\"1.2.3,5 2\n", "line 2", "stray double quote"),
    ("ImageId,EncodedPixels\na,-1\nb,\"5 2\n", "line 3", "stray double quote"),
    ("ImageId,EncodedPixels\nb\",-1\n", "line 2", "stray double quote"),
    ("ImageId,EncodedPixels\n\",-1\n", "line 2", "stray double quote"),
    ("ImageId,EncodedPixels\n\"a\"b\",-1\n", "line 2", "stray double quote"),
    ("\"ImageId,EncodedPixels\n", "line 1", "stray double quote"),
])
func reportsBadRowsWithLineNumbers(_ text: String, place: String, reason: String) {
    do {
        _ = try Labels(csv: Data(text.utf8), source: "train-rle.csv", width: 4, height: 4)
        Issue.record("accepted a bad label file")
    } catch let error as InputError {
        #expect(error.source == "train-rle.csv")
        #expect(error.place == place)
        #expect(error.reason.contains(reason), "\(error)")
    } catch {
        Issue.record("unexpected error \(error)")
    }
}

@Test func submissionMergesMasksPerImageAndWritesAtomically() throws {
    let dir = try TemporaryDirectory("data")
    defer { dir.remove() }
    var submission = Submission()
    try submission.add("p", mask("0000/0110/0000/0000"))
    try submission.add("n", mask("0000/0000/0000/0000"))
    try submission.add("p", mask("0000/0000/0110/0000"))
    try submission.add("last", mask("00/01"))
    let url = dir.url.appendingPathComponent("submission.csv")
    try submission.write(to: url.path)
    // TV1 ("5 2 2 2") is the union of the two masks for p; TV4's last pixel must be written.
    #expect(try String(contentsOf: url, encoding: .utf8) == "ImageId,EncodedPixels\np,5 2 2 2\nn,-1\nlast,3 1\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["submission.csv"])

    let back = try Labels(contentsOf: url.path, width: 4, height: 4)
    #expect(back.mask(for: "p") == mask("0000/0110/0110/0000"))
    #expect(throws: InputError.self) { try submission.add("p", mask("00/00")) }
    #expect(throws: InputError.self) { try submission.add("a,b", mask("00/00")) }
}
