import Core
import Foundation
import Lang
import Synchronization
import Tensor

/// A Jupyter kernel around one Pleura session: binds the five sockets of a connection
/// file and answers requests until a `shutdown_request`.
///
/// Threads: the caller's thread owns the session and the shell socket, and runs each
/// request to the end; the control thread answers `interrupt_request` (which stops a
/// running `fit` at its next step, like Ctrl-C) and `shutdown_request` meanwhile; the
/// heartbeat thread echoes pings. Only iopub is shared, behind its channel's lock.
public final class Kernel {
    let session: Session
    let shell: Channel
    let iopub: Channel
    let control: Channel
    let sink: KernelSink
    private let stdin: Socket
    private let heartbeat: Socket
    private let context: SocketContext
    private let log: @Sendable (String) -> Void
    /// Set by a `shutdown_request` on either socket; every loop ends when it is.
    let stopping = Atomic<Bool>(false)
    /// Whether the front end asked for a restart with its shutdown.
    private(set) var restartRequested = false
    /// The count of the last `execute_request` that stored history.
    var executionCount = 0
    /// The session's recorded statements (by index) that came from requests with
    /// `store_history` false: journaled, so a recovery replays them, but not history.
    var outsideHistory = Set<Int>()

    /// Binds every socket; `log` receives one line per dropped or unknown message.
    public init(connection: ConnectionFile, session: Session, log: @escaping @Sendable (String) -> Void) throws(KernelError) {
        let context = try SocketContext()
        let signer = MessageSigner(key: connection.key)
        let id = UUID().uuidString.lowercased()
        func bound(_ kind: Socket.Kind, _ port: Int) throws(KernelError) -> Socket {
            let socket = try Socket(kind, context: context)
            try socket.bind(connection.endpoint(port))
            return socket
        }
        shell = Channel(try bound(.router, connection.shellPort), signer: signer, session: id)
        iopub = Channel(try bound(.publisher, connection.iopubPort), signer: signer, session: id)
        control = Channel(try bound(.router, connection.controlPort), signer: signer, session: id)
        stdin = try bound(.router, connection.stdinPort)
        heartbeat = try bound(.reply, connection.heartbeatPort)
        self.context = context
        self.session = session
        self.log = log
        sink = KernelSink(iopub: iopub)
        session.sink = sink
    }

    /// Serves requests until a shutdown; returns whether the front end asked for a restart
    /// (it starts the new process itself; this one only has to end cleanly).
    public func run() -> Bool {
        let finished = DispatchGroup()
        let pulse = Pulse(socket: heartbeat, kernel: self)
        let controller = Controller(kernel: self)
        finished.enter()
        Thread.detachNewThread { [pulse] in pulse.run(); finished.leave() }
        finished.enter()
        Thread.detachNewThread { [controller] in controller.run(); finished.leave() }
        // Front ends wait for the first `starting`/`idle` status before they send requests.
        iopub.send("status", ["execution_state": "starting"], parent: nil, routed: false)
        while !stopping.load(ordering: .acquiring) {
            guard shell.socket.waitForInput(milliseconds: 100) else { continue }
            switch shell.receive() {
            case .success(let request): handle(request, on: shell)
            case .failure(let error): log("dropped a shell message: \(error)")
            }
        }
        // Give the threads a poll period to notice; they hold no state worth waiting longer for.
        _ = finished.wait(timeout: .now() + 1)
        return restartRequested
    }

    /// Ends the serving loops after the current request.
    func stop(restart: Bool) {
        restartRequested = restart
        stopping.store(true, ordering: .releasing)
    }

    func logLine(_ line: String) { log(line) }
}

/// The heartbeat: echoes every ping so the front end knows the process is alive, even
/// while a long statement runs.
private final class Pulse: @unchecked Sendable {
    let socket: Socket
    // Strong: the thread may outlive `run` by a poll period, and nothing refers back to it.
    let kernel: Kernel

    init(socket: Socket, kernel: Kernel) { (self.socket, self.kernel) = (socket, kernel) }

    func run() {
        while !kernel.stopping.load(ordering: .acquiring) {
            guard socket.waitForInput(milliseconds: 100), let ping = socket.receive() else { continue }
            socket.send(ping)
        }
    }
}

/// The control thread: interrupts and shutdowns arrive here while the shell thread is
/// busy with a statement. It never touches the session.
private final class Controller: @unchecked Sendable {
    // Strong: the thread may outlive `run` by a poll period, and nothing refers back to it.
    let kernel: Kernel

    init(kernel: Kernel) { self.kernel = kernel }

    func run() {
        let control = kernel.control
        while !kernel.stopping.load(ordering: .acquiring) {
            guard control.socket.waitForInput(milliseconds: 100) else { continue }
            switch control.receive() {
            case .failure(let error):
                kernel.logLine("dropped a control message: \(error)")
            case .success(let request):
                kernel.iopub.send("status", ["execution_state": "busy"], parent: request, routed: false)
                switch request.type {
                case "interrupt_request":
                    Interrupt.process.request()
                    control.send("interrupt_reply", ["status": "ok"], parent: request, routed: true)
                case "shutdown_request":
                    let restart = request.content["restart"] as? Bool ?? false
                    // A statement still running stops at its next safe point.
                    Interrupt.process.request()
                    control.send("shutdown_reply", ["status": "ok", "restart": restart], parent: request, routed: true)
                    kernel.stop(restart: restart)
                case "kernel_info_request":
                    control.send("kernel_info_reply", KernelInfo.reply, parent: request, routed: true)
                default:
                    kernel.logLine("ignored a control message of type `\(request.type)`")
                }
                kernel.iopub.send("status", ["execution_state": "idle"], parent: request, routed: false)
            }
        }
    }
}
