import Foundation

/// What a Jupyter front end tells a kernel it starts: where to bind each of the five
/// sockets and the key that signs every message (the file named by `-f`).
public struct ConnectionFile: Decodable, Sendable {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var heartbeatPort: Int
    public var key: String
    public var signatureScheme: String

    enum CodingKeys: String, CodingKey {
        case transport, ip, key
        case shellPort = "shell_port", iopubPort = "iopub_port", stdinPort = "stdin_port"
        case controlPort = "control_port", heartbeatPort = "hb_port", signatureScheme = "signature_scheme"
    }

    public init(transport: String = "tcp", ip: String = "127.0.0.1", shellPort: Int, iopubPort: Int, stdinPort: Int,
                controlPort: Int, heartbeatPort: Int, key: String, signatureScheme: String = "hmac-sha256") {
        (self.transport, self.ip, self.key, self.signatureScheme) = (transport, ip, key, signatureScheme)
        (self.shellPort, self.iopubPort, self.stdinPort, self.controlPort, self.heartbeatPort) =
            (shellPort, iopubPort, stdinPort, controlPort, heartbeatPort)
    }

    /// Reads and checks the file; the error names the file and what is wrong with it.
    public static func load(_ path: String) throws(KernelError) -> ConnectionFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KernelError("cannot read the connection file `\(path)`")
        }
        let file: ConnectionFile
        do { file = try JSONDecoder().decode(ConnectionFile.self, from: data) } catch {
            throw KernelError("the connection file `\(path)` is not a Jupyter connection file: \(Self.describe(error))")
        }
        guard file.signatureScheme == "hmac-sha256" else {
            throw KernelError("the connection file `\(path)` asks for signature scheme `\(file.signatureScheme)`; "
                              + "Pleura signs with hmac-sha256 only")
        }
        guard file.transport == "tcp" || file.transport == "ipc" else {
            throw KernelError("the connection file `\(path)` names transport `\(file.transport)`; expected tcp or ipc")
        }
        for (name, port) in [("shell_port", file.shellPort), ("iopub_port", file.iopubPort), ("stdin_port", file.stdinPort),
                             ("control_port", file.controlPort), ("hb_port", file.heartbeatPort)]
        where !(0...65535).contains(port) {
            throw KernelError("the connection file `\(path)` gives \(name) \(port), which is not a port number")
        }
        return file
    }

    /// The ZeroMQ endpoint of one port: `tcp://127.0.0.1:5555`, or `ipc://path-5555` for ipc.
    public func endpoint(_ port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "tcp://\(ip):\(port)"
    }

    private static func describe(_ error: Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _)?: return "it lacks `\(key.stringValue)`"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "`\(context.codingPath.map(\.stringValue).joined(separator: "."))` has the wrong type"
        case .dataCorrupted?: return "it is not valid JSON"
        default: return "\(error)"
        }
    }
}

/// A failure of the kernel itself (not of a statement): a bad connection file, a socket
/// that cannot bind, a malformed message.
public struct KernelError: Error, CustomStringConvertible, Equatable, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
