import Core

/// Little-endian binary encoding for the dataset cache.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: v).littleEndian) { bytes += $0 } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func string(_ s: String) { u32(s.utf8.count); bytes += s.utf8 }
    mutating func optionalString(_ s: String?) {
        u8(s == nil ? 0 : 1)
        if let s { string(s) }
    }
    mutating func strings(_ list: [String]) { u32(list.count); list.forEach { string($0) } }

    /// Overwrites the eight bytes at `offset` (a length written before it was known).
    mutating func patch(u64 v: UInt64, at offset: Int) {
        withUnsafeBytes(of: v.littleEndian) { bytes.replaceSubrange(offset..<(offset + 8), with: $0) }
    }
}

/// Reads what `ByteWriter` wrote; every length is checked against the bytes that remain,
/// so a damaged file is an error, never a crash or a huge allocation.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    let source: String
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer, source: String) {
        self.bytes = bytes
        self.source = source
    }

    var remaining: Int { bytes.count - offset }

    mutating func take(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else {
            throw InputError(source, at: "offset \(offset)", "truncated: needs \(count) bytes, \(remaining) remain")
        }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }

    mutating func u8() throws -> UInt8 { try take(1)[0] }
    mutating func u32() throws -> Int { Int(UInt32(littleEndian: try take(4).loadUnaligned(as: UInt32.self))) }
    mutating func u64() throws -> UInt64 { UInt64(littleEndian: try take(8).loadUnaligned(as: UInt64.self)) }
    mutating func string() throws -> String { String(decoding: try take(try u32()), as: UTF8.self) }
    mutating func optionalString() throws -> String? { try u8() == 0 ? nil : try string() }

    mutating func strings() throws -> [String] {
        let count = try u32()
        // Each string takes at least its 4-byte length.
        guard count <= remaining / 4 else { throw InputError(source, at: "offset \(offset)", "list of \(count) strings cannot fit") }
        return try (0..<count).map { _ in try string() }
    }
}
