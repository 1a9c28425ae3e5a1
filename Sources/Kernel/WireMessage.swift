import Foundation

/// One Jupyter message: the routing identities it came with, its four JSON dictionaries
/// and any binary buffers. https://jupyter-client.readthedocs.io/en/stable/messaging.html
public struct WireMessage {
    public var identities: [[UInt8]]
    public var header: [String: Any]
    public var parentHeader: [String: Any]
    public var metadata: [String: Any]
    public var content: [String: Any]
    public var buffers: [[UInt8]]

    public init(identities: [[UInt8]] = [], header: [String: Any], parentHeader: [String: Any] = [:],
                metadata: [String: Any] = [:], content: [String: Any], buffers: [[UInt8]] = []) {
        (self.identities, self.header, self.parentHeader, self.metadata, self.content, self.buffers) =
            (identities, header, parentHeader, metadata, content, buffers)
    }

    /// `execute_request`, `kernel_info_reply`, …
    public var type: String { header["msg_type"] as? String ?? "" }

    /// The frame that separates routing identities from the message proper.
    public static let delimiter = Array("<IDS|MSG>".utf8)
    /// Bounds on what a peer can make the kernel hold: routing identities and buffers per message.
    public static let maximumIdentities = 32
    public static let maximumBuffers = 64

    /// Decodes the frames of one multipart message and checks its signature. A pure
    /// function of its input (the entry point for fuzzing): any frames give a message or
    /// an error saying what is wrong, never a trap.
    public static func decode(frames: [[UInt8]], signer: MessageSigner) -> Result<WireMessage, KernelError> {
        guard let split = frames.firstIndex(of: delimiter) else {
            return .failure(KernelError("no <IDS|MSG> delimiter among \(frames.count) frames"))
        }
        guard split <= maximumIdentities else {
            return .failure(KernelError("\(split) routing identities; at most \(maximumIdentities) are accepted"))
        }
        let rest = frames[(split + 1)...]
        guard rest.count >= 5 else {
            return .failure(KernelError("\(rest.count) frames after the delimiter; a message has at least 5"))
        }
        guard rest.count - 5 <= maximumBuffers else {
            return .failure(KernelError("\(rest.count - 5) buffers; at most \(maximumBuffers) are accepted"))
        }
        let signature = rest[rest.startIndex]
        let parts = Array(rest[(rest.startIndex + 1)..<(rest.startIndex + 5)])
        guard signer.isValid(signature, for: parts) else {
            return .failure(KernelError("bad signature"))
        }
        var dictionaries: [[String: Any]] = []
        for (name, part) in zip(["header", "parent_header", "metadata", "content"], parts) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(part)), let dictionary = object as? [String: Any] else {
                return .failure(KernelError("the \(name) is not a JSON object"))
            }
            dictionaries.append(dictionary)
        }
        let message = WireMessage(identities: Array(frames[..<split]), header: dictionaries[0], parentHeader: dictionaries[1],
                                  metadata: dictionaries[2], content: dictionaries[3],
                                  buffers: Array(rest.dropFirst(5)))
        guard message.header["msg_type"] is String, message.header["msg_id"] is String else {
            return .failure(KernelError("the header lacks msg_type or msg_id"))
        }
        return .success(message)
    }

    /// The frames to send: identities, delimiter, signature, the four JSON frames, buffers.
    public func encode(signer: MessageSigner) -> [[UInt8]] {
        let parts = [header, parentHeader, metadata, content].map(Self.json)
        return identities + [Self.delimiter, Array(signer.signature(parts).utf8)] + parts + buffers
    }

    /// A dictionary as compact JSON. Only values that came from JSON or that the kernel
    /// built from strings, finite numbers, arrays and dictionaries reach here; anything else
    /// is sent as an empty object, which keeps the peer's parser whole.
    static func json(_ object: [String: Any]) -> [UInt8] {
        guard JSONSerialization.isValidJSONObject(object) else { return Array("{}".utf8) }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            .map(Array.init) ?? Array("{}".utf8)
    }

    /// A new header for a message of `type` in `session`.
    public static func header(type: String, session: String, username: String = "pleura") -> [String: Any] {
        ["msg_id": UUID().uuidString.lowercased(), "session": session, "username": username,
         "date": timestamp(Date()), "msg_type": type, "version": KernelInfo.protocolVersion]
    }

    /// ISO 8601 in UTC with microseconds, as Jupyter writes dates.
    static func timestamp(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = floor(seconds)
        var time = time_t(whole)
        var parts = tm()
        gmtime_r(&time, &parts)
        let micro = Int((seconds - whole) * 1_000_000)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec, micro)
    }
}
