import Foundation
import Kernel
import Testing

/// A minimal Jupyter front end for the tests: starts `pleura kernel` on a fresh connection
/// file (ipc sockets in a private folder, so tests never race for ports) and talks to it
/// through libzmq with the kernel's own wire codec.
final class KernelClient {
    let directory: String
    let connection: ConnectionFile
    let signer: MessageSigner
    let process = Process()
    let shell: Socket
    let control: Socket
    let iopub: Socket
    let heartbeat: Socket
    private let context: SocketContext
    private let session = UUID().uuidString.lowercased()
    private let stderrPath: String
    /// iopub messages read while waiting for something else, in arrival order.
    private var published: [WireMessage] = []

    /// The built `pleura`, beside the test bundle in `.build/<config>`.
    static let executable: String = {
        let bundle = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: bundle).deletingLastPathComponent()
        if directory.lastPathComponent.hasSuffix(".xctest") { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("pleura").path
    }()

    init(key: String = UUID().uuidString) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pleura-kernel-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/home", withIntermediateDirectories: true)
        connection = ConnectionFile(transport: "ipc", ip: directory + "/kernel", shellPort: 1, iopubPort: 2, stdinPort: 3,
                                    controlPort: 4, heartbeatPort: 5, key: key)
        let file: [String: Any] = ["transport": "ipc", "ip": connection.ip, "shell_port": 1, "iopub_port": 2, "stdin_port": 3,
                                   "control_port": 4, "hb_port": 5, "key": key, "signature_scheme": "hmac-sha256"]
        try JSONSerialization.data(withJSONObject: file).write(to: URL(fileURLWithPath: directory + "/connection.json"))
        signer = MessageSigner(key: key)
        context = try SocketContext()
        shell = try Socket(.dealer, context: context)
        control = try Socket(.dealer, context: context)
        iopub = try Socket(.subscriber, context: context)
        heartbeat = try Socket(.request, context: context)

        stderrPath = directory + "/stderr"
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["kernel", "-f", directory + "/connection.json"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ["HOME": directory + "/home", "XDG_STATE_HOME": directory + "/state", "PATH": "/usr/bin:/bin"]
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        process.standardOutput = FileHandle.nullDevice
        try process.run()

        for (socket, port) in [(shell, 1), (iopub, 2), (control, 4), (heartbeat, 5)] {
            try socket.connect(connection.endpoint(port))
        }
        try waitUntilReady()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// What the kernel logged on stderr.
    var log: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Asks for kernel_info until the kernel answers and iopub carries its status (a
    /// subscription takes a moment to reach the publisher).
    private func waitUntilReady() throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let id = send("kernel_info_request", [:], on: shell)
            if let reply = receive(on: shell, timeout: 1), reply.parentHeader["msg_id"] as? String == id {
                if (try? messages(for: id, timeout: 1)) != nil { published.removeAll(); return }
            }
        }
        throw KernelClientError("the kernel did not answer within 30 s; its log:\n\(log)")
    }

    /// Sends a signed request; returns its msg_id.
    @discardableResult
    func send(_ type: String, _ content: [String: Any], on socket: Socket) -> String {
        let header = WireMessage.header(type: type, session: session, username: "test")
        socket.send(WireMessage(header: header, content: content).encode(signer: signer))
        return header["msg_id"] as! String
    }

    /// The next message on `socket`, decoded and verified, or nil after `timeout` seconds.
    func receive(on socket: Socket, timeout: Double) -> WireMessage? {
        guard socket.waitForInput(milliseconds: Int(timeout * 1000)), let frames = socket.receive() else { return nil }
        switch WireMessage.decode(frames: frames, signer: signer) {
        case .success(let message): return message
        case .failure(let error): Issue.record("the kernel sent a message that does not decode: \(error)"); return nil
        }
    }

    /// A request and its reply on the same socket.
    func request(_ type: String, _ content: [String: Any], on socket: Socket? = nil, timeout: Double = 30) throws -> WireMessage {
        let socket = socket ?? shell
        let id = send(type, content, on: socket)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let reply = receive(on: socket, timeout: 0.2), reply.parentHeader["msg_id"] as? String == id { return reply }
        }
        throw KernelClientError("no reply to \(type) within \(timeout) s; the kernel's log:\n\(log)")
    }

    /// Returns once request `id` has begun (its `execute_input` is on iopub), so that an interrupt
    /// sent next reaches running code: on a loaded machine a fixed pause could end before the
    /// kernel had read the request, and the interrupt then stopped nothing. What iopub carried
    /// stays in `published` for `messages(for:)`.
    func waitUntilRunning(_ id: String, timeout: Double = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard let message = receive(on: iopub, timeout: 0.2) else { continue }
            published.append(message)
            if message.parentHeader["msg_id"] as? String == id, message.type == "execute_input" { return }
        }
        throw KernelClientError("request \(id) did not start within \(timeout) s; the kernel's log:\n\(log)")
    }

    /// The iopub messages caused by request `id`, up to and including its idle status.
    func messages(for id: String, timeout: Double = 30) throws -> [WireMessage] {
        let deadline = Date().addingTimeInterval(timeout)
        var found = published.filter { $0.parentHeader["msg_id"] as? String == id }
        published.removeAll { $0.parentHeader["msg_id"] as? String == id }
        while !(found.last.map(Self.isIdle) ?? false) {
            guard Date() < deadline else { throw KernelClientError("no idle status for \(id) within \(timeout) s") }
            guard let message = receive(on: iopub, timeout: 0.2) else { continue }
            if message.parentHeader["msg_id"] as? String == id { found.append(message) } else { published.append(message) }
        }
        return found
    }

    /// Executes `code`; returns the reply and what iopub carried for it.
    func execute(_ code: String, silent: Bool = false, storeHistory: Bool? = nil, allowStdin: Bool = false,
                 timeout: Double = 60) throws -> (reply: WireMessage, published: [WireMessage]) {
        let id = send("execute_request", ["code": code, "silent": silent, "store_history": storeHistory ?? !silent,
                                          "user_expressions": [String: Any](), "allow_stdin": allowStdin], on: shell)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let reply = receive(on: shell, timeout: 0.2), reply.parentHeader["msg_id"] as? String == id {
                return (reply, try messages(for: id, timeout: max(1, deadline.timeIntervalSinceNow)))
            }
        }
        throw KernelClientError("no execute_reply within \(timeout) s; the kernel's log:\n\(log)")
    }

    /// Waits for the process to end; its exit status, or nil if it still runs after `timeout`.
    func exitStatus(within timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    static func isIdle(_ message: WireMessage) -> Bool {
        message.type == "status" && message.content["execution_state"] as? String == "idle"
    }
}

struct KernelClientError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
