import Foundation

/// A socket with the signer and session id every message on it carries. Sends are
/// serialised by a lock, since iopub is written by both the shell and the control thread.
final class Channel: @unchecked Sendable {
    let socket: Socket
    let signer: MessageSigner
    /// The kernel's session id, in every header it writes.
    let session: String
    private let lock = NSLock()

    init(_ socket: Socket, signer: MessageSigner, session: String) {
        (self.socket, self.signer, self.session) = (socket, signer, session)
    }

    /// Sends `content` as a message of `type`, in reply to (or caused by) `parent`. A reply
    /// goes back to the parent's identities; on iopub the topic is the message type.
    func send(_ type: String, _ content: [String: Any], parent: WireMessage?, routed: Bool) {
        let message = WireMessage(identities: routed ? parent?.identities ?? [] : [Array(type.utf8)],
                                  header: WireMessage.header(type: type, session: session),
                                  parentHeader: parent?.header ?? [:], content: content)
        let frames = message.encode(signer: signer)
        lock.lock()
        defer { lock.unlock() }
        socket.send(frames)
    }

    /// Receives and decodes one message, or says why there is none.
    func receive() -> Result<WireMessage, KernelError> {
        guard let frames = socket.receive() else {
            return .failure(KernelError("an unreadable message, or one of more than \(Socket.maximumFrames) frames"))
        }
        return WireMessage.decode(frames: frames, signer: signer)
    }
}
