import Foundation
import Glibc
import Testing

/// `pleura` running on a pseudo-terminal, as a person at a keyboard would drive it.
/// Every wait is bounded, so a hang fails the test instead of stalling the suite.
final class PseudoTerminal {
    private let master: Int32
    private let pid: pid_t
    /// Everything the program wrote, and how much of it `expect` has consumed.
    private(set) var transcript = ""
    private var consumed: String.Index
    /// Set once reading the terminal gives end of file or an error: the program has exited.
    private var closed = false
    /// Set once `exitStatus` has collected the program's exit.
    private var reaped = false

    /// Starts `pleura` on a new pseudo-terminal. It is started with `posix_spawn`, not
    /// `fork`: forking this multithreaded test process runs every library's fork handlers
    /// (OpenBLAS's can deadlock when two tests fork at once).
    init(arguments: [String] = [], environment: [String: String]) throws {
        var size = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
        var (masterFD, slaveFD): (Int32, Int32) = (-1, -1)
        guard openpty(&masterFD, &slaveFD, nil, nil, &size) == 0, let slave = ttyname(slaveFD).map({ String(cString: $0) }) else {
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        close(slaveFD)   // the child opens it by name, which makes it its controlling terminal
        master = masterFD

        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        // A new session whose first terminal, opened as stdin, becomes its controlling
        // terminal: Ctrl-C typed on it then signals the program. (glibc's POSIX_SPAWN_SETSID.)
        posix_spawnattr_setflags(&attributes, 0x80)
        posix_spawn_file_actions_addclose(&actions, masterFD)
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)

        let argv = ([Binary.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, Binary.path, &actions, &attributes, argv, envp)
        guard status == 0 else {
            close(master)
            throw POSIXError(.init(rawValue: status) ?? .EIO)
        }
        pid = child
        consumed = transcript.startIndex
    }

    deinit {
        // Once reaped, the pid may belong to another process: leave it alone.
        if !reaped {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// Types `keys`.
    func send(_ keys: String) {
        let bytes = Array(keys.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Lets the line editor take the terminal after its prompt. libedit prints the prompt
    /// before it switches the terminal to raw mode, and a control key that arrives in
    /// between is handled by the terminal driver instead (an early Ctrl-D is lost, an early
    /// Ctrl-R reprints the line).
    func settle() {
        Thread.sleep(forTimeInterval: 0.3)
    }

    /// Waits until `text` appears after what earlier calls consumed; false after `timeout`
    /// seconds, or at once when the program has closed the terminal (it exited).
    @discardableResult
    func expect(_ text: String, timeout: Double = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let found = transcript.range(of: text, range: consumed..<transcript.endIndex) {
                consumed = found.upperBound
                return true
            }
            if closed || Date() >= deadline { break }
            _ = readSome(waiting: min(deadline.timeIntervalSinceNow, 0.2))
        }
        let why = closed ? "before the program closed the terminal" : "within \(timeout) s"
        Issue.record("did not see \(text.debugDescription) \(why); transcript: \(transcript.debugDescription)")
        return false
    }

    /// Waits for the program to exit; its exit status, or nil if it is still running after `timeout`.
    func exitStatus(timeout: Double = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            if closed { usleep(10_000) } else { _ = readSome(waiting: 0.05) }
            if waitpid(pid, &status, WNOHANG) == pid {
                reaped = true
                return (status >> 8) & 0xFF
            }
        }
        return nil
    }

    private func readSome(waiting seconds: Double) -> Bool {
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(seconds * 1000)) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(master, &buffer, buffer.count)
        guard n > 0 else {
            if n == 0 || errno != EINTR && errno != EAGAIN { closed = true }
            return false
        }
        transcript += String(decoding: buffer[..<n], as: UTF8.self)
        return true
    }
}
