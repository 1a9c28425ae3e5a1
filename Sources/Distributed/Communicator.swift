import CMPI
import Foundation

/// The ranks of an `mpirun` job, or a world of one process when Pleura was started without a
/// launcher. MPI is initialised only under a launcher (Open MPI's `mpirun` sets
/// `OMPI_COMM_WORLD_SIZE`), so a plain `pleura` never touches the MPI runtime.
///
/// Errors come back as return codes (MPI_ERRORS_RETURN) and are thrown as
/// `DistributedError`; the caller that cannot go on ends the whole job with `abort`, so no
/// rank waits forever on a collective that another rank will never join.
///
/// MPI is initialised with MPI_THREAD_SERIALIZED: the trainer calls it from one thread at a
/// time, while the kernels' worker threads never do.
public final class Communicator: @unchecked Sendable {
    public let rank: Int
    public let size: Int
    /// Whether MPI was initialised (false in a world of one without a launcher).
    public let isLaunched: Bool

    /// The job's world, set up on first use.
    public static let world = Communicator()

    private init() {
        let environment = ProcessInfo.processInfo.environment
        guard let launched = environment["OMPI_COMM_WORLD_SIZE"].flatMap(Int.init), launched > 1 else {
            rank = 0
            size = 1
            isLaunched = false
            return
        }
        var provided: Int32 = 0
        var ok = MPI_Init_thread(nil, nil, Int32(MPI_THREAD_SERIALIZED), &provided) == MPI_SUCCESS
        ok = ok && MPI_Comm_set_errhandler(pleura_mpi_comm_world(), pleura_mpi_errors_return()) == MPI_SUCCESS
        var r: Int32 = 0, s: Int32 = 1
        ok = ok && MPI_Comm_rank(pleura_mpi_comm_world(), &r) == MPI_SUCCESS
        ok = ok && MPI_Comm_size(pleura_mpi_comm_world(), &s) == MPI_SUCCESS
        guard ok else {
            FileHandle.standardError.write(Data("pleura: cannot start MPI under mpirun (world of \(launched))\n".utf8))
            exit(1)
        }
        rank = Int(r)
        size = Int(s)
        isLaunched = true
        // A rank that returns normally leaves MPI cleanly; ranks that fail call `abort` instead.
        atexit { if Communicator.world.isLaunched { MPI_Finalize() } }
    }

    /// Ends every rank of the job with `status` (MPI_Abort): used when this rank failed and
    /// the others would otherwise wait for it at the next collective.
    public func abort(status: Int32) -> Never {
        if isLaunched { MPI_Abort(pleura_mpi_comm_world(), status) }
        exit(status)
    }

    /// Element-wise sums over the ranks (every rank passes the same count).
    public func sum(_ values: [Double]) throws -> [Double] {
        guard isLaunched, !values.isEmpty else { return values }
        var out = values
        try out.withUnsafeMutableBufferPointer { buffer in
            try check(MPI_Allreduce(pleura_mpi_in_place(), buffer.baseAddress, Int32(buffer.count), pleura_mpi_double(),
                                    pleura_mpi_sum(), pleura_mpi_comm_world()), "summing \(values.count) values")
        }
        return out
    }

    /// The largest of each rank's `value`.
    public func maximum(_ value: Double) throws -> Double {
        guard isLaunched else { return value }
        var v = value
        try check(MPI_Allreduce(pleura_mpi_in_place(), &v, 1, pleura_mpi_double(), pleura_mpi_max(), pleura_mpi_comm_world()),
                  "agreeing on a value")
        return v
    }

    /// Every rank's `values`, in rank order, on every rank (counts may differ).
    public func gather(_ values: [Int]) throws -> [[Int]] {
        guard isLaunched else { return [values] }
        var counts = [Int32](repeating: 0, count: size)
        var mine = Int32(values.count)
        try check(MPI_Allgather(&mine, 1, pleura_mpi_int32(), &counts, 1, pleura_mpi_int32(), pleura_mpi_comm_world()),
                  "gathering counts")
        var offsets = [Int32](repeating: 0, count: size)
        for r in 1..<size { offsets[r] = offsets[r - 1] + counts[r - 1] }
        let total = Int(offsets[size - 1] + counts[size - 1])
        var all = [Int64](repeating: 0, count: total)
        let local = values.map(Int64.init)
        try local.withUnsafeBufferPointer { send in
            try all.withUnsafeMutableBufferPointer { receive in
                try check(MPI_Allgatherv(send.baseAddress, mine, pleura_mpi_int64(), receive.baseAddress, counts, offsets,
                                         pleura_mpi_int64(), pleura_mpi_comm_world()), "gathering \(total) values")
            }
        }
        return (0..<size).map { r in all[Int(offsets[r])..<Int(offsets[r] + counts[r])].map(Int.init) }
    }

    /// Starts summing `buffer` in place over the ranks; the request completes it.
    func startSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws -> MPI_Request? {
        var request = pleura_mpi_request_null()
        try check(MPI_Iallreduce(pleura_mpi_in_place(), buffer.baseAddress, Int32(buffer.count), pleura_mpi_float(),
                                 pleura_mpi_sum(), pleura_mpi_comm_world(), &request), "starting a gradient all-reduce")
        return request
    }

    /// Lets pending requests progress (Open MPI moves a non-blocking collective on only
    /// inside MPI calls); returns whether all have completed.
    func test(_ requests: inout [MPI_Request?]) throws -> Bool {
        var done: Int32 = 0
        try check(MPI_Testall(Int32(requests.count), &requests, &done, pleura_mpi_statuses_ignore()), "testing all-reduces")
        return done != 0
    }

    /// Waits for every request.
    func wait(_ requests: inout [MPI_Request?]) throws {
        try check(MPI_Waitall(Int32(requests.count), &requests, pleura_mpi_statuses_ignore()), "waiting for all-reduces")
    }

    private func check(_ code: Int32, _ what: String) throws {
        guard code != MPI_SUCCESS else { return }
        var text = [CChar](repeating: 0, count: Int(MPI_MAX_ERROR_STRING) + 1)
        var length: Int32 = 0
        MPI_Error_string(code, &text, &length)
        let message = String(decoding: text.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        throw DistributedError("MPI failed \(what): \(message)")
    }
}

/// A collective operation that failed, with MPI's own words.
public struct DistributedError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
