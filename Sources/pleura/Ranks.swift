import Core
import Distributed
import Foundation
import Lang

/// How a process of an `mpirun` job behaves as a rank: every rank runs the same statements,
/// rank 0 alone prints and writes, and a failure on any rank ends the whole job.
enum Ranks {
    static var world: Communicator { Communicator.world }

    /// The sink for a rank: the console on rank 0 (with errors prefixed by the rank in a
    /// world of more than one); on the other ranks errors only.
    static func sink(_ console: any OutputSink) -> any OutputSink {
        world.size > 1 ? RankSink(rank: world.rank, inner: console) : console
    }

    /// A private folder for the writes of a rank other than 0 (see `Sandbox.privateWrites`),
    /// removed when the process ends; nil on rank 0.
    static let privateWrites: String? = {
        guard world.rank != 0 else { return nil }
        let folder = FileManager.default.temporaryDirectory.path
            + "/pleura-rank\(world.rank)-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        atexit { if let folder = Ranks.privateWrites { try? FileManager.default.removeItem(atPath: folder) } }
        return folder
    }()

    /// Called when this process failed: in a job of several ranks it ends them all (the
    /// others would wait for this one at their next collective), after removing this rank's
    /// private folder.
    static func failed() {
        guard world.size > 1 else { return }
        if let folder = privateWrites { try? FileManager.default.removeItem(atPath: folder) }
        world.abort(status: 1)
    }

    /// Under mpirun, SIGUSR1 asks for the same stop as Ctrl-C does in one process: `fit`
    /// ends at a step all ranks agree on and keeps the model. Open MPI forwards SIGUSR1 from
    /// mpirun to every rank, while a SIGINT to mpirun ends the job ("does not support
    /// trapping and forwarding" it).
    static func catchStopRequests() {
        guard world.size > 1 else { return }
        // Unblocked first, as for SIGINT: a launcher may pass on a mask that blocks it.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGUSR1)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        signal(SIGUSR1) { _ in Interrupt.request() }
    }

    /// `message` on stderr, prefixed with the rank in a world of more than one.
    static func report(_ message: String) {
        let prefix = world.size > 1 ? "rank \(world.rank): " : ""
        FileHandle.standardError.write(Data((prefix + message + "\n").utf8))
    }
}

/// Rank 0's output as it is, errors prefixed with the rank; other ranks show their errors only.
final class RankSink: OutputSink {
    let rank: Int
    let inner: any OutputSink

    init(rank: Int, inner: any OutputSink) {
        self.rank = rank
        self.inner = inner
    }

    func write(_ output: Output) {
        switch output {
        case .error(let report): inner.write(.error("rank \(rank): " + report))
        case .text, .figure: if rank == 0 { inner.write(output) }
        }
    }
}
