import FuzzSupport
import Kernel

// The bytes are one multipart Jupyter message, its frames separated by NUL bytes (JSON and
// hex signatures hold none). They are decoded twice: without a key, so mutated JSON reaches
// the parser, and with the key the seeds were signed with, so the signature check runs on
// real signatures. What decodes must encode and decode again to a message of the same type.
let unsigned = MessageSigner(key: "")
let signed = MessageSigner(key: "pleura-fuzz")

fuzz { bytes in
    let frames = bytes.split(separator: 0, omittingEmptySubsequences: false).map(Array.init)
    for signer in [unsigned, signed] {
        guard case .success(let message) = WireMessage.decode(frames: frames, signer: signer) else { continue }
        guard case .success(let again) = WireMessage.decode(frames: message.encode(signer: signer), signer: signer),
              again.type == message.type, again.identities == message.identities, again.buffers == message.buffers else {
            fatalError("a decoded message did not survive encode + decode")
        }
    }
}
