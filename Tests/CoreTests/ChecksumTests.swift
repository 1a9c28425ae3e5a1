import Core
import Testing

struct ChecksumTests {
    /// Below eight bytes the checksum is plain FNV-1a 64; these are the published vectors
    /// (Fowler, Noll, Vo: "FNV-1a 64 bit" test suite).
    @Test func shortInputsMatchTheFNV1aVectors() {
        #expect(Checksum.hex(of: [UInt8]()) == "cbf29ce484222325")
        #expect(Checksum.hex(of: Array("a".utf8)) == "af63dc4c8601ec8c")
        #expect(Checksum.hex(of: Array("foobar".utf8)) == "85944171f73967e8")
    }

    /// Every single-byte change of a long input (the eight-byte path and the tail) changes it.
    @Test func oneChangedByteChangesTheChecksum() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        let original = Checksum.hex(of: bytes)
        for i in stride(from: 0, to: bytes.count, by: 7) {
            var changed = bytes
            changed[i] ^= 1
            #expect(Checksum.hex(of: changed) != original, "byte \(i)")
        }
    }

    /// Strings are framed by their length, so moving a boundary changes the key.
    @Test func stringBoundariesCount() {
        var ab = Checksum(), a = Checksum()
        ab.add("ab")
        ab.add("c")
        a.add("a")
        a.add("bc")
        #expect(ab.hex != a.hex)
        #expect(ab.hex.count == 16)
    }
}
