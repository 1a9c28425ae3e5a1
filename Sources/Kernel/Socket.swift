import CZMQ
import Foundation

/// A ZeroMQ context: one per process, shared by every socket.
public final class SocketContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    public init() throws(KernelError) {
        guard let handle = zmq_ctx_new() else { throw KernelError("cannot create a ZeroMQ context: \(Socket.lastError)") }
        self.handle = handle
    }

    deinit { zmq_ctx_term(handle) }
}

/// One ZeroMQ socket sending and receiving multipart messages. A socket is used by one
/// thread at a time: the kernel gives each its own thread, or guards it with a lock.
public final class Socket: @unchecked Sendable {
    public enum Kind {
        case router, publisher, reply, dealer, subscriber, request

        var value: Int32 {
            switch self {
            case .router: ZMQ_ROUTER
            case .publisher: ZMQ_PUB
            case .reply: ZMQ_REP
            case .dealer: ZMQ_DEALER
            case .subscriber: ZMQ_SUB
            case .request: ZMQ_REQ
            }
        }
    }

    /// Bound on one incoming frame: a peer sending more is disconnected by libzmq itself,
    /// so a hostile or broken client cannot make the kernel allocate without bound.
    public static let maximumFrameBytes: Int64 = 64 << 20
    /// Bound on the frames of one message; the rest of a longer one is read and dropped.
    public static let maximumFrames = 128

    let handle: UnsafeMutableRawPointer
    // The context must outlive its sockets.
    private let context: SocketContext

    public init(_ kind: Kind, context: SocketContext) throws(KernelError) {
        guard let handle = zmq_socket(context.handle, kind.value) else {
            throw KernelError("cannot create a ZeroMQ socket: \(Socket.lastError)")
        }
        self.handle = handle
        self.context = context
        var limit = Self.maximumFrameBytes
        zmq_setsockopt(handle, ZMQ_MAXMSGSIZE, &limit, MemoryLayout<Int64>.size)
        // Closing never waits for unsent messages: a kernel that exits, exits.
        var linger: Int32 = 0
        zmq_setsockopt(handle, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
        if kind == .subscriber { zmq_setsockopt(handle, ZMQ_SUBSCRIBE, "", 0) }
    }

    deinit { zmq_close(handle) }

    public func bind(_ endpoint: String) throws(KernelError) {
        guard zmq_bind(handle, endpoint) == 0 else {
            throw KernelError("cannot listen on \(endpoint): \(Socket.lastError)")
        }
    }

    public func connect(_ endpoint: String) throws(KernelError) {
        guard zmq_connect(handle, endpoint) == 0 else {
            throw KernelError("cannot connect to \(endpoint): \(Socket.lastError)")
        }
    }

    /// Sends the frames as one multipart message.
    public func send(_ frames: [[UInt8]]) {
        for (i, frame) in frames.enumerated() {
            let flags = i < frames.count - 1 ? ZMQ_SNDMORE : 0
            while frame.withUnsafeBytes({ zmq_send(handle, $0.baseAddress, $0.count, flags) }) < 0 && zmq_errno() == EINTR {}
        }
    }

    /// Whether a message can be read within `milliseconds` (-1 waits for ever).
    public func waitForInput(milliseconds: Int) -> Bool {
        var item = zmq_pollitem_t(socket: handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        return zmq_poll(&item, 1, milliseconds) > 0 && item.revents & Int16(ZMQ_POLLIN) != 0
    }

    /// Receives one multipart message, waiting for it; nil when the socket is closed, the
    /// wait is interrupted, or the message had more than `maximumFrames` frames.
    public func receive() -> [[UInt8]]? {
        var frames: [[UInt8]] = []
        var tooMany = false
        while true {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            if zmq_msg_recv(&message, handle, 0) < 0 {
                if zmq_errno() == EINTR && !frames.isEmpty { continue }
                return nil
            }
            if frames.count < Self.maximumFrames {
                let size = zmq_msg_size(&message)
                let data = zmq_msg_data(&message)
                frames.append(size == 0 ? [] : Array(UnsafeRawBufferPointer(start: data, count: size)))
            } else {
                tooMany = true
            }
            if zmq_msg_more(&message) == 0 { break }
        }
        return tooMany ? nil : frames
    }

    static var lastError: String { String(cString: zmq_strerror(zmq_errno())) }
}
