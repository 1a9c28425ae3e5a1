import Core
import Foundation
import Tensor
import Testing

/// The two engine hooks of data-parallel training: backward reporting each leaf when its
/// gradient is final, and batch norm over the replicas' batches (SyncBatchNorm).
@Suite struct DataParallelHooksTests {
    /// y = (a·b + a)·c summed: a's last contribution comes from the product with b and the
    /// sum, both before c's. At each report the leaf's gradient must already be the final one
    /// (d/da = (b + 1)·c, d/db = a·c, d/dc = a·b + a) and each leaf is reported once.
    @Test func backwardReportsEachLeafOnceWithItsFinalGradient() throws {
        let a = Tensor(shape: [2], data: [1, 2], requiresGrad: true)
        let b = Tensor(shape: [2], data: [3, -1], requiresGrad: true)
        let c = Tensor(shape: [2], data: [0.5, 4], requiresGrad: true)
        let y = try ((try a * b + a) * c).sum()
        var reported: [ObjectIdentifier: [Float]] = [:]
        var count = 0
        try y.backward { leaf in
            count += 1
            reported[ObjectIdentifier(leaf)] = leaf.grad
        }
        let da: [Float] = [2, 0], db: [Float] = [0.5, 8], dc: [Float] = [4, 0]   // (b + 1)·c, a·c, a·b + a
        #expect(count == 3)
        #expect(reported[ObjectIdentifier(a)] == da)
        #expect(reported[ObjectIdentifier(b)] == db)
        #expect(reported[ObjectIdentifier(c)] == dc)
        #expect(a.grad == da)
    }

    /// Two replicas on two threads, each with half of a batch of 4, normalise with the
    /// statistics of all 4: outputs, input gradients, the summed weight and bias gradients
    /// and the running statistics equal those of one batch norm over the whole batch.
    @Test func syncBatchNormOverTwoReplicasEqualsOneBatch() throws {
        var rng = SeededGenerator(seed: 11)
        let (n, c, h, w) = (4, 3, 5, 5)
        let per = c * h * w
        let xs = (0..<(n * per)).map { _ in Float(rng.uniform(-2, 3)) }
        let probe = (0..<(n * per)).map { _ in Float(rng.uniform(-1, 1)) }
        let gamma = (0..<c).map { _ in Float(rng.uniform(0.5, 1.5)) }, beta = (0..<c).map { _ in Float(rng.uniform(-1, 1)) }

        let problem = Problem(shape: (n, c, h, w), xs: xs, probe: probe, gamma: gamma, beta: beta)
        let whole = try problem.run(0..<n)
        let replicas = Rendezvous()
        let results = Results()
        let group = DispatchGroup()
        for k in 0..<2 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                let half = Result { try SyncBatchNorm.$replicas.withValue(replicas) { try problem.run((2 * k)..<(2 * k + 2)) } }
                results.set(k, half)
            }
        }
        #expect(group.wait(timeout: .now() + 30) == .success)
        let first = try results.get(0), second = try results.get(1)
        func close(_ a: [Float], _ b: [Float], _ what: String) {
            let worst = zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
            #expect(a.count == b.count && worst <= 1e-5, "\(what): worst relative difference \(worst)")
        }
        close(first.y + second.y, whole.y, "outputs")
        close(first.dx + second.dx, whole.dx, "input gradients")
        close(zip(first.dw, second.dw).map(+), whole.dw, "weight gradients")
        close(zip(first.db, second.db).map(+), whole.db, "bias gradients")
        close(first.mean, whole.mean, "running mean")
        close(second.variance, whole.variance, "running variance")
        // Without the replicas each half normalises with its own statistics: different outputs.
        let alone = try problem.run(0..<2)
        #expect(zip(alone.y, whole.y.prefix(alone.y.count)).contains { abs($0 - $1) > 1e-3 })
    }
}

/// One batch norm with a probe loss Σ y·r on batch rows `range` of a fixed problem.
struct Problem: Sendable {
    typealias Outcome = (y: [Float], dx: [Float], dw: [Float], db: [Float], mean: [Float], variance: [Float])
    let shape: (n: Int, c: Int, h: Int, w: Int)
    let xs: [Float], probe: [Float], gamma: [Float], beta: [Float]

    func run(_ range: Range<Int>) throws -> Outcome {
        let (c, h, w) = (shape.c, shape.h, shape.w)
        let per = c * h * w, rows = (range.lowerBound * per)..<(range.upperBound * per)
        let x = Tensor(shape: [range.count, c, h, w], data: Array(xs[rows]), requiresGrad: true)
        let weight = Tensor(shape: [c], data: gamma, requiresGrad: true), bias = Tensor(shape: [c], data: beta, requiresGrad: true)
        let running = RunningStatistics(channels: c)
        let y = try x.batchNorm2d(weight: weight, bias: bias, running: running, training: true, activation: .relu)
        let r = Tensor(shape: y.shape, data: Array(probe[rows]))
        try (try y * r).sum().backward()
        return (y.data, x.grad!, weight.grad!, bias.grad!, running.mean.data, running.variance.data)
    }
}

/// The two replicas' outcomes, set from their threads.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [Int: Result<Problem.Outcome, any Error>] = [:]

    func set(_ k: Int, _ outcome: Result<Problem.Outcome, any Error>) { lock.withLock { outcomes[k] = outcome } }

    func get(_ k: Int) throws -> Problem.Outcome {
        guard let outcome = lock.withLock({ outcomes[k] }) else { throw ShapeError("test", "replica \(k) did not finish") }
        return try outcome.get()
    }
}

/// Sums over two replicas that meet here: the first to arrive waits for the second, which
/// adds the two contributions; both leave with the same sums.
final class Rendezvous: ReplicaSum, @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: [Double]?
    private var result: [Double]?

    func sumOverReplicas(_ values: inout [Double]) throws {
        condition.lock()
        defer { condition.unlock() }
        while result != nil { condition.wait() }
        if let first = waiting {
            let sums = zip(first, values).map { $0 + $1 }
            waiting = nil
            result = sums
            values = sums
            condition.broadcast()
        } else {
            waiting = values
            while result == nil { condition.wait() }
            values = result!
            result = nil
            condition.broadcast()
        }
    }
}
