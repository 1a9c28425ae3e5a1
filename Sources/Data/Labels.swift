import Foundation
import Core
import Imaging

/// Everything a label file says about one image: each CSV row for it, in file order.
public struct ImageLabels: Sendable {
    /// The ImageId (the DICOM's SOPInstanceUID).
    public let id: String
    /// One entry per CSV row, in file order; a `-1` row gives no runs.
    public let rows: [[Run]]
    /// The 1-based line of each row in the label file.
    public let lines: [Int]
    /// The union of all rows: sorted, disjoint runs.
    public let union: [Run]

    public init(id: String, rows: [[Run]], lines: [Int]) {
        self.id = id
        self.rows = rows
        self.lines = lines
        self.union = RLE.union(rows)
    }

    /// Rows that mark a region (not `-1`).
    public var regionCount: Int { rows.reduce(0) { $0 + ($1.isEmpty ? 0 : 1) } }
    /// Whether any row marks pneumothorax.
    public var isPositive: Bool { !union.isEmpty }
    /// Pixels in the union of all rows.
    public var area: Int { RLE.area(union) }
}

/// A `train-rle.csv` label file: one `ImageId, EncodedPixels` row per region, `-1` for no
/// pneumothorax, several rows for one image merged by union.
///
/// Reading is lenient where real files vary (a space after the comma in the header and the
/// values, a byte-order mark, CRLF line ends, quoted fields, blank lines) and strict where
/// the data would be wrong: a bad row throws `InputError` naming the file and the line.
public struct Labels: Sendable {
    /// Where the labels came from: a path or a label such as `<string>`.
    public let source: String
    /// The mask size every RLE is decoded against (SIIM: 1024 x 1024).
    public let width: Int
    public let height: Int
    /// One entry per image, in the order images first appear in the file.
    public let images: [ImageLabels]
    private let index: [String: Int]

    public init(source: String, width: Int, height: Int, images: [ImageLabels]) {
        self.source = source
        self.width = width
        self.height = height
        self.images = images
        var index: [String: Int] = [:]
        for (i, image) in images.enumerated() { index[image.id] = i }
        self.index = index
    }

    /// Reads a label file. `format` is how its RLE writes starts (SIIM: `.relative`).
    public init(contentsOf path: String, width: Int = 1024, height: Int = 1024, format: RLEFormat = .relative) throws {
        try self.init(csv: try FileIO.read(path: path), source: path, width: width, height: height, format: format)
    }

    /// Parses label-file bytes (`Data`, `[UInt8]`); `source` names them in errors.
    public init(csv: some ContiguousBytes, source: String = "<string>", width: Int = 1024, height: Int = 1024,
                format: RLEFormat = .relative) throws {
        var ids: [String] = []
        var rows: [[[Run]]] = []
        var lines: [[Int]] = []
        var index: [String: Int] = [:]
        try csv.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var reader = CSVLines(bytes)
            var sawHeader = false
            while let (line, number) = reader.next() {
                if line.allSatisfy(CSVLines.isBlank) { continue }
                guard let comma = line.firstIndex(of: UInt8(ascii: ",")) else {
                    throw InputError(source, at: "line \(number)", "expected 'ImageId,EncodedPixels' but found no comma")
                }
                if line[(comma + 1)...].contains(UInt8(ascii: ",")) {
                    throw InputError(source, at: "line \(number)", "expected two fields but found more")
                }
                func field(_ range: Range<Int>) throws -> UnsafeBufferPointer<UInt8> {
                    let raw = UnsafeBufferPointer(rebasing: bytes[range])
                    guard let field = CSVLines.field(raw) else {
                        throw InputError(source, at: "line \(number)",
                                         "the field `\(String(decoding: raw, as: UTF8.self))` has an unmatched or stray double quote")
                    }
                    return field
                }
                let idField = try field(line.startIndex..<comma)
                let rleField = try field((comma + 1)..<line.endIndex)
                if !sawHeader {
                    guard String(decoding: idField, as: UTF8.self).lowercased() == "imageid",
                          String(decoding: rleField, as: UTF8.self).lowercased() == "encodedpixels" else {
                        throw InputError(source, at: "line \(number)", "expected the header 'ImageId,EncodedPixels'")
                    }
                    sawHeader = true
                    continue
                }
                guard !idField.isEmpty else { throw InputError(source, at: "line \(number)", "empty ImageId") }
                let id = String(decoding: idField, as: UTF8.self)
                let runs = try RLE.runs(rleField, format: format, pixelCount: width * height,
                                        source: source, place: "line \(number)")
                if let i = index[id] {
                    rows[i].append(runs)
                    lines[i].append(number)
                } else {
                    index[id] = ids.count
                    ids.append(id)
                    rows.append([runs])
                    lines.append([number])
                }
            }
            guard sawHeader else { throw InputError(source, "empty label file: no 'ImageId,EncodedPixels' header") }
        }
        let images = ids.indices.map { ImageLabels(id: ids[$0], rows: rows[$0], lines: lines[$0]) }
        self.init(source: source, width: width, height: height, images: images)
    }

    /// CSV rows in the file (not counting the header).
    public var rowCount: Int { images.reduce(0) { $0 + $1.rows.count } }

    /// The labels of image `id`, if the file has any.
    public subscript(id: String) -> ImageLabels? {
        index[id].map { images[$0] }
    }

    /// The union mask of image `id` at the label size, or nil when the file does not list it.
    public func mask(for id: String) -> Mask? {
        self[id].map { RLE.mask($0.union, width: width, height: height) }
    }
}

/// Lines of a CSV byte buffer, with a leading byte-order mark and CR before LF removed.
struct CSVLines {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var number = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }

    /// The next line as a slice and its 1-based number.
    mutating func next() -> (Slice<UnsafeBufferPointer<UInt8>>, Int)? {
        guard position < bytes.count else { return nil }
        number += 1
        let start = position
        var end = start
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        position = end + 1
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return (bytes[start..<end], number)
    }

    /// A field with surrounding spaces and one pair of double quotes removed; nil when a
    /// quote is left unmatched (`"1.2.3`, `1.2.3"`, `"`) or one appears inside the value,
    /// which no ImageId or RLE contains, so the line is not what it seems.
    static func field(_ f: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let quote = UInt8(ascii: "\"")
        var lo = 0, hi = f.count
        while lo < hi, isBlank(f[lo]) { lo += 1 }
        while hi > lo, isBlank(f[hi - 1]) { hi -= 1 }
        if hi - lo >= 2, f[lo] == quote, f[hi - 1] == quote {
            lo += 1
            hi -= 1
        }
        let value = UnsafeBufferPointer(rebasing: f[lo..<hi])
        return value.contains(quote) ? nil : value
    }
}
