import Foundation

/// A 64-bit FNV-1a style hash that is stable across runs and machines (Swift's `Hasher` is
/// seeded per process), used for cache keys (datasets, notebook blocks), to detect corrupt cache files
/// and for a model's weights digest. Not cryptographic: it tells states apart, it does not sign them.
public struct Checksum {
    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    public init() {}

    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var h = value
        var i = 0
        // Eight bytes per step keeps the checksum of a large cache to a fraction of a second.
        while i + 8 <= bytes.count {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* Checksum.prime
            h ^= h >> 29
            i += 8
        }
        while i < bytes.count {
            h = (h ^ UInt64(bytes[i])) &* Checksum.prime
            i += 1
        }
        value = h
    }

    public mutating func add(_ string: String) {
        var s = string
        s.withUTF8 { add(UnsafeRawBufferPointer($0)) }
        add(UInt64(string.utf8.count))
    }

    public mutating func add(_ number: UInt64) {
        withUnsafeBytes(of: number.littleEndian) { add($0) }
    }

    /// The checksum of `bytes` alone, as 16 hex digits.
    public static func hex(of bytes: some ContiguousBytes) -> String {
        var checksum = Checksum()
        bytes.withUnsafeBytes { checksum.add($0) }
        return checksum.hex
    }

    /// The hash as 16 hex digits, for file names.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
