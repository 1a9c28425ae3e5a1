import CMPI
import Core
import Dispatch
import Segmentation
import Tensor

/// Data-parallel training over MPI: averages gradients with bucketed, non-blocking
/// all-reduces started during backward (as PyTorch's DDP and Horovod do), agrees on where
/// to stop, and checks that every rank holds the same weights.
///
/// Parameters go into buckets of about `bucketBytes` in reverse registration order, which
/// is roughly the order backward finishes them (the decoder's last layers first). A bucket
/// is sent when backward has finished all of its parameters and every bucket before it has
/// been sent, so all ranks start the same all-reduces in the same order whatever order
/// their leaves finish in. Each bucket carries one extra value per parameter, 1 when the
/// rank has a gradient for it: a parameter no rank has a gradient for (frozen, or unused
/// by the loss) keeps none, as in one process.
public final class GradientAverager: DataParallel, ReplicaSum, @unchecked Sendable {
    public let communicator: Communicator
    public let bucketBytes: Int
    public var rank: Int { communicator.rank }
    public var size: Int { communicator.size }
    public private(set) var allReduceWaitSeconds = 0.0

    private var layout: BucketLayout?

    public init(_ communicator: Communicator = .world, bucketBytes: Int = 2 << 20) {
        self.communicator = communicator
        self.bucketBytes = bucketBytes
    }

    public func backwardAveraging(_ loss: Tensor, parameters: [Tensor]) throws {
        if layout?.matches(parameters) != true { layout = BucketLayout(parameters, bucketBytes: bucketBytes) }
        let layout = layout!
        var exchange = Exchange(layout: layout)
        var failure: (any Error)?
        try loss.backward { leaf in
            guard failure == nil, let p = layout.position[ObjectIdentifier(leaf)] else { return }
            do { try exchange.finished(p, communicator) } catch { failure = error }
        }
        if let failure { throw failure }
        // Leaves backward did not report (no gradient, or recomputed in a checkpointed stage).
        try exchange.finishRest(communicator)
        let start = DispatchTime.now().uptimeNanoseconds
        try communicator.wait(&exchange.requests)
        allReduceWaitSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        layout.unpack(dividingBy: Float(size))
    }

    public func agreedStop(_ local: StopReason?) throws -> StopReason? {
        // Ranked by strength: a planned stop is the same everywhere; a Ctrl-C or a budget
        // seen by any rank stops them all.
        let order: [StopReason?] = [nil, .planned, .timeBudget, .interrupted]
        let mine = order.firstIndex(of: local) ?? 0
        let agreed = Int(try communicator.maximum(Double(mine)))
        return order[min(max(agreed, 0), order.count - 1)]
    }

    public func sum(_ values: [Double]) throws -> [Double] { try communicator.sum(values) }

    public func gather(_ values: [Int]) throws -> [[Int]] { try communicator.gather(values) }

    public func sumOverReplicas(_ values: inout [Double]) throws { values = try communicator.sum(values) }

    public func checkIdentical(_ tensors: [Tensor], at place: String) throws {
        var checksum = Checksum()
        for t in tensors { t.data.withUnsafeBytes { checksum.add($0) } }
        // Each rank puts its digest in its own slot; the sum is every rank's digest.
        var slots = [Double](repeating: 0, count: 4 * size)
        for part in 0..<4 { slots[4 * rank + part] = Double((checksum.value >> (16 * UInt64(part))) & 0xFFFF) }
        let all = try communicator.sum(slots)
        func digest(_ r: Int) -> UInt64 {
            (0..<4).reduce(0) { $0 | UInt64(all[4 * r + $1]) << (16 * UInt64($1)) }
        }
        if let other = (1..<size).first(where: { digest($0) != digest(0) }) {
            throw DistributedError("the ranks' weights differ \(place): rank \(other) holds "
                                   + "\(hex(digest(other))), rank 0 holds \(hex(digest(0)))")
        }
    }

    public func average(_ tensors: [Tensor]) throws {
        let flat = tensors.flatMap { $0.data.map(Double.init) }
        let sums = try communicator.sum(flat)
        var offset = 0
        for t in tensors {
            t.data = sums[offset..<(offset + t.count)].map { Float($0 / Double(size)) }
            offset += t.count
        }
    }

    private func hex(_ v: UInt64) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
    }
}

/// The buckets of one model's parameters, with their send buffers (kept between steps).
final class BucketLayout {
    let parameters: [Tensor]
    /// Each parameter's bucket and its offset in the bucket's buffer.
    let position: [ObjectIdentifier: (bucket: Int, offset: Int, index: Int)]
    /// Per bucket: the parameters' indices, in the order they sit in its buffer.
    let buckets: [[Int]]
    var buffers: [UnsafeMutableBufferPointer<Float>]

    init(_ parameters: [Tensor], bucketBytes: Int) {
        self.parameters = parameters
        var buckets: [[Int]] = [[]], sizes = [0]
        var position: [ObjectIdentifier: (bucket: Int, offset: Int, index: Int)] = [:]
        for index in parameters.indices.reversed() {
            let count = parameters[index].count
            if sizes[sizes.count - 1] > 0 && (sizes[sizes.count - 1] + count) * 4 > bucketBytes {
                buckets.append([])
                sizes.append(0)
            }
            position[ObjectIdentifier(parameters[index])] = (buckets.count - 1, sizes[sizes.count - 1], index)
            buckets[buckets.count - 1].append(index)
            sizes[sizes.count - 1] += count
        }
        self.buckets = buckets
        self.position = position
        // One flag per parameter after the gradients: whether this rank had a gradient.
        buffers = zip(sizes, buckets).map { size, members in
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: size + members.count)
            buffer.initialize(repeating: 0)
            return buffer
        }
    }

    deinit { for b in buffers { b.deallocate() } }

    func matches(_ other: [Tensor]) -> Bool {
        other.count == parameters.count && zip(other, parameters).allSatisfy { $0 === $1 }
    }

    /// Copies parameter `index`'s gradient (or zeros) and its flag into its bucket.
    func pack(_ index: Int) {
        let p = parameters[index]
        let (bucket, offset, _) = position[ObjectIdentifier(p)]!
        let buffer = buffers[bucket]
        let flag = buffer.count - buckets[bucket].count + buckets[bucket].firstIndex(of: index)!
        if let grad = p.grad {
            grad.withUnsafeBufferPointer { g in
                for i in 0..<g.count { buffer[offset + i] = g[i] }
            }
            buffer[flag] = 1
        } else {
            for i in 0..<p.count { buffer[offset + i] = 0 }
            buffer[flag] = 0
        }
    }

    /// Puts each summed bucket back as the parameters' mean gradients.
    func unpack(dividingBy n: Float) {
        for (bucket, members) in buckets.enumerated() {
            let buffer = buffers[bucket]
            let flags = buffer.count - members.count
            for (k, index) in members.enumerated() {
                let p = parameters[index]
                guard buffer[flags + k] > 0 else {
                    p.grad = nil
                    continue
                }
                let offset = position[ObjectIdentifier(p)]!.offset
                p.grad = (0..<p.count).map { buffer[offset + $0] / n }
            }
        }
    }
}

/// One step's exchange: which parameters backward has finished, and the buckets sent.
struct Exchange {
    let layout: BucketLayout
    var remaining: [Int]
    var packed: [Bool]
    var nextToSend = 0
    var requests: [MPI_Request?] = []

    init(layout: BucketLayout) {
        self.layout = layout
        remaining = layout.buckets.map(\.count)
        packed = [Bool](repeating: false, count: layout.parameters.count)
    }

    /// Backward is done with the parameter at `position`: pack it, and send every bucket
    /// that is now complete and next in line.
    mutating func finished(_ position: (bucket: Int, offset: Int, index: Int), _ communicator: Communicator) throws {
        guard !packed[position.index] else { return }
        packed[position.index] = true
        layout.pack(position.index)
        remaining[position.bucket] -= 1
        try sendReady(communicator)
    }

    /// Packs every parameter backward did not report and sends the remaining buckets.
    mutating func finishRest(_ communicator: Communicator) throws {
        for (bucket, members) in layout.buckets.enumerated() {
            for index in members where !packed[index] {
                packed[index] = true
                layout.pack(index)
                remaining[bucket] -= 1
            }
        }
        try sendReady(communicator)
    }

    private mutating func sendReady(_ communicator: Communicator) throws {
        while nextToSend < layout.buckets.count && remaining[nextToSend] == 0 {
            requests.append(try communicator.startSum(layout.buffers[nextToSend]))
            nextToSend += 1
        }
        // Give the sends in flight a chance to progress while backward goes on.
        if !requests.isEmpty { _ = try communicator.test(&requests) }
    }
}
