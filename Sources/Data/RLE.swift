import Core
import Imaging

/// A run of foreground pixels in column-major order: down each column, then on to the next
/// column to the right, as both SIIM and Kaggle number pixels.
public struct Run: Sendable, Hashable {
    /// The 0-based flat index of the first pixel, `column * height + row`.
    public var start: Int
    /// The number of pixels in the run (at least 1).
    public var length: Int

    public init(start: Int, length: Int) {
        self.start = start
        self.length = length
    }

    /// One past the last pixel.
    public var end: Int { start + length }
}

/// How a run-length string writes its starts.
public enum RLEFormat: String, Sendable, CaseIterable {
    /// The SIIM format: 0-based; the first start is absolute, every later start counts the
    /// background pixels since the end of the previous run.
    case relative
    /// The usual Kaggle format: 1-based absolute starts, in increasing order.
    case standard
}

/// The rows and columns a mask touches, inclusive.
public struct PixelBounds: Sendable, Hashable {
    public var rows: ClosedRange<Int>
    public var columns: ClosedRange<Int>

    public init(rows: ClosedRange<Int>, columns: ClosedRange<Int>) {
        self.rows = rows
        self.columns = columns
    }
}

/// Run-length encoding of masks in the SIIM relative and the standard Kaggle formats,
/// plus arithmetic on runs that never decodes a mask (areas, unions, bounds).
///
/// An empty mask encodes as `-1`, as both formats write it in CSV files; the decoders
/// accept `-1` and the empty string.
public enum RLE {

    // MARK: Decoding

    /// Parses `text` into sorted runs for a `width` x `height` mask.
    /// Throws `InputError(source, at: "run k", …)` for an odd count of values, a negative or
    /// non-integer value, a zero length, runs that leave the mask, or (standard format)
    /// starts that do not increase.
    public static func runs(
        _ text: String, format: RLEFormat = .relative, width: Int, height: Int,
        source: String = "<rle>", place: String = ""
    ) throws -> [Run] {
        var text = text
        return try text.withUTF8 { bytes in
            try runs(bytes, format: format, pixelCount: width * height, source: source, place: place)
        }
    }

    /// Decodes `text` into a `width` x `height` mask. See `runs(_:format:width:height:source:place:)`.
    public static func decode(
        _ text: String, format: RLEFormat = .relative, width: Int, height: Int, source: String = "<rle>"
    ) throws -> Mask {
        mask(try runs(text, format: format, width: width, height: height, source: source),
             width: width, height: height)
    }

    /// The parser behind every decoder, on raw UTF-8 so that label files parse without
    /// making a `String` per row. `place` prefixes the run in error messages ("line 7").
    static func runs(
        _ bytes: UnsafeBufferPointer<UInt8>, format: RLEFormat, pixelCount: Int,
        source: String, place: String
    ) throws -> [Run] {
        func fail(_ run: Int, _ reason: String) -> InputError {
            InputError(source, at: place.isEmpty ? "run \(run)" : "\(place), run \(run)", reason)
        }
        var tokens = Tokens(bytes)
        guard let first = tokens.next() else { return [] }
        if tokens.peekIsEnd, first.isMinusOne(in: bytes) { return [] }
        tokens = Tokens(bytes)

        var result: [Run] = []
        result.reserveCapacity(min(bytes.count / 4, pixelCount))
        var cursor = 0            // relative: end of the previous run; standard: same, for ordering
        var index = 0
        while let startToken = tokens.next() {
            index += 1
            let start = try startToken.value(in: bytes, limit: pixelCount) { fail(index, $0) }
            guard let lengthToken = tokens.next() else {
                throw fail(index, "odd number of values: run \(index) has a start but no length")
            }
            let length = try lengthToken.value(in: bytes, limit: pixelCount) { fail(index, $0) }
            guard length > 0 else { throw fail(index, "length 0: every run covers at least one pixel") }

            let absolute: Int
            switch format {
            case .relative:
                absolute = cursor + start
            case .standard:
                guard start >= 1 else { throw fail(index, "start 0: standard RLE starts count from 1") }
                absolute = start - 1
                guard absolute >= cursor else {
                    throw fail(index, "start \(start) lies before the end of the previous run (\(cursor)): starts must increase")
                }
            }
            guard absolute <= pixelCount - length else {
                throw fail(index, "the run covers pixels \(absolute)..<\(absolute + length), past the mask's \(pixelCount) pixels")
            }
            result.append(Run(start: absolute, length: length))
            cursor = absolute + length
        }
        return result
    }

    // MARK: Encoding

    /// Encodes `runs` (sorted, not overlapping, as `runs(of:)` and `union` give them).
    /// Writes `-1` for no runs. The final run is written even when it ends on the last pixel.
    public static func encode(_ runs: [Run], format: RLEFormat = .relative) -> String {
        if runs.isEmpty { return "-1" }
        var out: [UInt8] = []
        out.reserveCapacity(runs.count * 12)
        var previousEnd = 0
        for (i, run) in runs.enumerated() {
            if i > 0 { out.append(UInt8(ascii: " ")) }
            let start = format == .relative ? run.start - previousEnd : run.start + 1
            appendDecimal(start, to: &out)
            out.append(UInt8(ascii: " "))
            appendDecimal(run.length, to: &out)
            previousEnd = run.end
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Encodes `mask`; `-1` when it is empty.
    public static func encode(_ mask: Mask, format: RLEFormat = .relative) -> String {
        encode(runs(of: mask), format: format)
    }

    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)
            = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var v = value, n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[n] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                n += 1
            } while v > 0
            while n > 0 { n -= 1; out.append(d[n]) }
        }
    }

    // MARK: Masks and runs

    /// The maximal runs of non-zero pixels of `mask`, in column-major order.
    public static func runs(of mask: Mask) -> [Run] {
        let w = mask.width, h = mask.height
        var result: [Run] = []
        mask.pixels.withUnsafeBufferPointer { p in
            var runStart = -1
            for x in 0..<w {
                for y in 0..<h {
                    let on = p[y * w + x] != 0
                    let k = x * h + y
                    if on, runStart < 0 {
                        runStart = k
                    } else if !on, runStart >= 0 {
                        result.append(Run(start: runStart, length: k - runStart))
                        runStart = -1
                    }
                }
            }
            if runStart >= 0 { result.append(Run(start: runStart, length: w * h - runStart)) }
        }
        return result
    }

    /// Paints `runs` (any order, may overlap) into a new `width` x `height` mask.
    /// Runs must lie inside the mask, as every decoder here guarantees.
    public static func mask(_ runs: [Run], width: Int, height: Int) -> Mask {
        var mask = Mask(width: width, height: height)
        guard height > 0 else { return mask }
        mask.pixels.withUnsafeMutableBufferPointer { p in
            for run in runs {
                var x = run.start / height, y = run.start % height
                for _ in 0..<run.length {
                    p[y * width + x] = 1
                    y += 1
                    if y == height { y = 0; x += 1 }
                }
            }
        }
        return mask
    }

    /// Foreground pixels of `runs` (sorted and disjoint, as one RLE row is).
    public static func area(_ runs: [Run]) -> Int {
        runs.reduce(0) { $0 + $1.length }
    }

    /// The union of several rows of runs (regions that may overlap), sorted and disjoint,
    /// with touching runs joined.
    public static func union(_ rows: [[Run]]) -> [Run] {
        let nonEmpty = rows.filter { !$0.isEmpty }
        if nonEmpty.isEmpty { return [] }
        if nonEmpty.count == 1 { return joined(nonEmpty[0]) }
        var all = nonEmpty.flatMap { $0 }
        all.sort { $0.start < $1.start }
        return joined(all)
    }

    /// Area of the union of `rows`, without building a mask.
    public static func unionArea(_ rows: [[Run]]) -> Int {
        area(union(rows))
    }

    /// Sorted runs with overlapping or touching neighbours joined.
    private static func joined(_ sorted: [Run]) -> [Run] {
        var out: [Run] = []
        out.reserveCapacity(sorted.count)
        for run in sorted {
            if let last = out.last, run.start <= last.end {
                out[out.count - 1].length = max(last.end, run.end) - last.start
            } else {
                out.append(run)
            }
        }
        return out
    }

    /// The rows and columns that `runs` touch in a mask of `height` rows; nil when empty.
    public static func bounds(_ runs: [Run], height: Int) -> PixelBounds? {
        guard height > 0, !runs.isEmpty else { return nil }
        var top = Int.max, bottom = Int.min, left = Int.max, right = Int.min
        for run in runs {
            let firstColumn = run.start / height, lastColumn = (run.end - 1) / height
            left = min(left, firstColumn)
            right = max(right, lastColumn)
            if firstColumn == lastColumn {
                top = min(top, run.start % height)
                bottom = max(bottom, (run.end - 1) % height)
            } else {
                // A run that wraps into the next column reaches the bottom of one column
                // and the top of the next.
                top = 0
                bottom = height - 1
            }
        }
        return PixelBounds(rows: top...bottom, columns: left...right)
    }
}

/// Whitespace-separated tokens of a byte buffer, as index ranges.
private struct Tokens {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    mutating func next() -> Range<Int>? {
        while i < bytes.count, Tokens.isSpace(bytes[i]) { i += 1 }
        if i == bytes.count { return nil }
        let start = i
        while i < bytes.count, !Tokens.isSpace(bytes[i]) { i += 1 }
        return start..<i
    }

    var peekIsEnd: Bool {
        var j = i
        while j < bytes.count, Tokens.isSpace(bytes[j]) { j += 1 }
        return j == bytes.count
    }
}

private extension Range<Int> {
    func isMinusOne(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        count == 2 && bytes[lowerBound] == UInt8(ascii: "-") && bytes[lowerBound + 1] == UInt8(ascii: "1")
    }

    /// The token as a non-negative integer no larger than `limit`.
    func value(in bytes: UnsafeBufferPointer<UInt8>, limit: Int, _ fail: (String) -> InputError) throws -> Int {
        var v = 0
        for k in self {
            let d = bytes[k] &- UInt8(ascii: "0")
            guard d < 10 else {
                let negative = bytes[lowerBound] == UInt8(ascii: "-") && count > 1
                throw fail("'\(text(in: bytes))' is \(negative ? "negative" : "not a non-negative integer")")
            }
            v = v * 10 + Int(d)
            guard v <= limit else { throw fail("value \(text(in: bytes)) exceeds the mask's \(limit) pixels") }
        }
        return v
    }

    /// The token for an error message, cut short if long.
    func text(in bytes: UnsafeBufferPointer<UInt8>) -> String {
        let shown = String(decoding: UnsafeBufferPointer(rebasing: bytes[prefix(24)]), as: UTF8.self)
        return count > 24 ? shown + "…" : shown
    }
}
