import Foundation
import Kernel
import Testing

@Suite struct WireMessageTests {
    /// RFC 4231 test case 2: HMAC-SHA256 with key "Jefe"; the data split across two parts
    /// must sign as their concatenation, since Jupyter signs the four frames in sequence.
    @Test func signatureMatchesRFC4231() {
        let signer = MessageSigner(key: "Jefe")
        #expect(signer.signature([Array("what do ya want ".utf8), Array("for nothing?".utf8)])
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(MessageSigner(key: "").signature([Array("anything".utf8)]) == "")
    }

    @Test func encodedMessageDecodesWithItsKey() throws {
        let signer = MessageSigner(key: "secret")
        let message = WireMessage(identities: [Array("peer".utf8)],
                                  header: WireMessage.header(type: "execute_request", session: "s"),
                                  content: ["code": "1 + 1", "silent": false])
        let frames = message.encode(signer: signer)
        #expect(frames[1] == Array("<IDS|MSG>".utf8))
        let decoded = try WireMessage.decode(frames: frames, signer: signer).get()
        #expect(decoded.identities == [Array("peer".utf8)])
        #expect(decoded.type == "execute_request")
        #expect(decoded.content["code"] as? String == "1 + 1")
        #expect(decoded.header["version"] as? String == "5.3")
    }

    /// The wire fuzzer's seeds, split at NUL bytes as the fuzz target splits them: one
    /// signed by `openssl dgst -sha256 -hmac pleura-fuzz` (an HMAC computed outside Pleura),
    /// one unsigned with a buffer. If they stopped decoding, the fuzzer would start from noise.
    @Test func theFuzzSeedsAreRealMessages() throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus/wire")
        func frames(_ name: String) throws -> [[UInt8]] {
            try [UInt8](Data(contentsOf: corpus.appendingPathComponent(name)))
                .split(separator: 0, omittingEmptySubsequences: false).map(Array.init)
        }
        let signed = try WireMessage.decode(frames: try frames("execute-signed"), signer: MessageSigner(key: "pleura-fuzz")).get()
        #expect(signed.identities == [Array("client-id".utf8)])
        #expect(signed.type == "execute_request")
        #expect(signed.content["code"] as? String == "x = 1 + 1\nx")
        #expect(throws: KernelError.self) {
            try WireMessage.decode(frames: try frames("execute-signed"), signer: MessageSigner(key: "other")).get()
        }
        let unsigned = try WireMessage.decode(frames: try frames("kernel-info-unsigned"), signer: MessageSigner(key: "")).get()
        #expect(unsigned.type == "kernel_info_request")
        #expect(unsigned.buffers == [Array("buffer".utf8)])
    }

    @Test func badSignatureIsRejected() {
        let message = WireMessage(header: WireMessage.header(type: "kernel_info_request", session: "s"), content: [:])
        var frames = message.encode(signer: MessageSigner(key: "right"))
        #expect(throws: KernelError("bad signature")) { try WireMessage.decode(frames: frames, signer: MessageSigner(key: "wrong")).get() }
        // A signature of the right key over other content is just as bad.
        frames[5] = Array(#"{"code": "evil"}"#.utf8)
        #expect(throws: KernelError("bad signature")) { try WireMessage.decode(frames: frames, signer: MessageSigner(key: "right")).get() }
    }

    @Test func malformedFramesGiveErrors() {
        let signer = MessageSigner(key: "")
        let cases: [[[UInt8]]] = [
            [],
            [Array("no delimiter".utf8)],
            [WireMessage.delimiter, [], Array("{}".utf8)],
            [WireMessage.delimiter, []] + [[0xFF, 0xFE], Array("{}".utf8), Array("{}".utf8), Array("{}".utf8)],
            [WireMessage.delimiter, []] + [Array("[1]".utf8), Array("{}".utf8), Array("{}".utf8), Array("{}".utf8)],
            // Valid JSON everywhere, but a header without msg_type.
            [WireMessage.delimiter, []] + Array(repeating: Array("{}".utf8), count: 4),
            Array(repeating: [], count: 40) + [WireMessage.delimiter, []] + Array(repeating: Array("{}".utf8), count: 4),
        ]
        for frames in cases {
            guard case .failure = WireMessage.decode(frames: frames, signer: signer) else {
                Issue.record("decoded \(frames.count) malformed frames")
                continue
            }
        }
    }
}
