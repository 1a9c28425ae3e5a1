import Core
import Imaging
import Testing
import Data

/// The hand-worked vectors of ../shared/data/README.md (copied here so they run without it).
private let vectors: [(rows: String, relative: String, standard: String)] = [
    ("0000/0110/0110/0000", "5 2 2 2", "6 2 10 2"),
    ("1100/0100/0000/1000", "0 1 2 3", "1 1 4 3"),
    ("101/100", "0 2 2 1", "1 2 5 1"),
    ("10/01", "0 1 2 1", "1 1 4 1"),
    ("11/11", "0 4", "1 4"),
    ("000/000", "-1", "-1"),
]

@Test(arguments: vectors.indices)
func encodesTestVector(_ i: Int) {
    let v = vectors[i], m = mask(v.rows)
    #expect(RLE.encode(m, format: .relative) == v.relative)
    #expect(RLE.encode(m, format: .standard) == v.standard)
}

@Test(arguments: vectors.indices)
func decodesTestVector(_ i: Int) throws {
    let v = vectors[i], m = mask(v.rows)
    #expect(try RLE.decode(v.relative, format: .relative, width: m.width, height: m.height) == m)
    #expect(try RLE.decode(v.standard, format: .standard, width: m.width, height: m.height) == m)
}

@Test func emptyStringAndSpacedMinusOneDecodeToEmpty() throws {
    #expect(try RLE.runs("", width: 4, height: 4).isEmpty)
    #expect(try RLE.runs(" -1", width: 4, height: 4).isEmpty)
    #expect(try RLE.runs("  \t", format: .standard, width: 4, height: 4).isEmpty)
}

@Test func decodeAcceptsExtraWhitespace() throws {
    #expect(try RLE.runs(" 5  2\t2 2\r\n", width: 4, height: 4) == [Run(start: 5, length: 2), Run(start: 9, length: 2)])
}

/// Malformed strings on a 4x4 mask, the run each error must name, and a word of the reason.
private let malformed: [(rle: String, format: RLEFormat, place: String, reason: String)] = [
    ("5 2 2", .relative, "run 2", "odd number"),
    ("5 -2", .relative, "run 1", "negative"),
    ("5 2 -1 2", .relative, "run 2", "negative"),
    ("5 2.5", .relative, "run 1", "not a non-negative integer"),
    ("5 2 x 1", .relative, "run 2", "not a non-negative integer"),
    ("5 0", .relative, "run 1", "length 0"),
    ("5 2 8 2", .relative, "run 2", "past the mask"),
    ("15 2", .relative, "run 1", "past the mask"),
    ("1 99999999999999999999999", .relative, "run 1", "exceeds"),
    ("0 1", .standard, "run 1", "start 0"),
    ("6 2 7 1", .standard, "run 2", "must increase"),
    ("16 2", .standard, "run 1", "past the mask"),
]

@Test(arguments: malformed.indices)
func rejectsMalformedRLE(_ i: Int) {
    let m = malformed[i]
    do {
        _ = try RLE.runs(m.rle, format: m.format, width: 4, height: 4, source: "labels.csv", place: "line 3")
        Issue.record("accepted malformed '\(m.rle)'")
    } catch let error as InputError {
        #expect(error.source == "labels.csv")
        #expect(error.place == "line 3, \(m.place)")
        #expect(error.reason.contains(m.reason), "\(error)")
    } catch {
        Issue.record("unexpected error \(error)")
    }
}

@Test func encodeRoundTripsRandomMasks() throws {
    var state: UInt64 = 12345
    for trial in 0..<50 {
        let w = 1 + trial % 7, h = 1 + (trial * 3) % 5
        var m = Mask(width: w, height: h)
        for k in m.pixels.indices {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            m.pixels[k] = (state >> 60) & 1 == 1 ? 1 : 0
        }
        for format in RLEFormat.allCases {
            #expect(try RLE.decode(RLE.encode(m, format: format), format: format, width: w, height: h) == m)
        }
        #expect(RLE.area(RLE.runs(of: m)) == m.area)
    }
}

@Test func unionMergesOverlappingAndTouchingRows() {
    // 0..<4 and 2..<6 overlap; 6..<8 touches them; 10..<11 stands apart.
    let a = [Run(start: 0, length: 4), Run(start: 10, length: 1)]
    let b = [Run(start: 2, length: 4)]
    let c = [Run(start: 6, length: 2)]
    #expect(RLE.union([a, b, c]) == [Run(start: 0, length: 8), Run(start: 10, length: 1)])
    #expect(RLE.unionArea([a, b, c]) == 9)
    #expect(RLE.area(a) + RLE.area(b) + RLE.area(c) == 11)
    #expect(RLE.union([[], []]).isEmpty)
}

@Test func unionAreaEqualsAreaOfORedMasks() throws {
    let first = mask("0110/0110/0000"), second = mask("0011/0001/0001")
    var ored = first
    for k in ored.pixels.indices { ored.pixels[k] |= second.pixels[k] }
    #expect(RLE.unionArea([RLE.runs(of: first), RLE.runs(of: second)]) == ored.area)
    #expect(RLE.mask(RLE.union([RLE.runs(of: first), RLE.runs(of: second)]), width: 4, height: 3) == ored)
}

@Test func boundsOfRunsMatchTheMask() {
    // TV2: a run crossing from column 0 into column 1 touches the top and bottom rows.
    #expect(RLE.bounds(RLE.runs(of: mask("1100/0100/0000/1000")), height: 4) == PixelBounds(rows: 0...3, columns: 0...1))
    #expect(RLE.bounds(RLE.runs(of: mask("0000/0110/0110/0000")), height: 4) == PixelBounds(rows: 1...2, columns: 1...2))
    #expect(RLE.bounds([], height: 4) == nil)
}
