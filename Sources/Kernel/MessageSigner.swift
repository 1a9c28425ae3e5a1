import Crypto

/// HMAC-SHA256 over a message's four JSON frames, keyed by the connection file's key,
/// written as lowercase hex. An empty key means the front end asked for no signing.
public struct MessageSigner: Sendable {
    private let key: [UInt8]

    public init(key: String) { self.key = Array(key.utf8) }

    /// The signature of header, parent header, metadata and content, in that order.
    public func signature(_ parts: [[UInt8]]) -> String {
        guard !key.isEmpty else { return "" }
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: key))
        for part in parts { hmac.update(data: part) }
        return hmac.finalize().map { byte in
            let hex = Array("0123456789abcdef".utf8)
            return String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
        }.joined()
    }

    /// Whether `signature` (the frame as received) signs `parts`. The comparison takes the
    /// same time wherever the first difference lies, so it leaks nothing about the key.
    public func isValid(_ signature: [UInt8], for parts: [[UInt8]]) -> Bool {
        let expected = Array(self.signature(parts).utf8)
        guard signature.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(signature, expected) { difference |= a ^ b }
        return difference == 0
    }
}
