/// Sums over the replicas of a data-parallel run (the ranks of an MPI job), for batch
/// norms whose statistics span the whole global batch.
public protocol ReplicaSum: Sendable {
    /// Replaces `values` by their element-wise sums over the replicas (each passes the same count).
    func sumOverReplicas(_ values: inout [Double]) throws
}

/// Synchronised batch norm (PyTorch's SyncBatchNorm): while `replicas` is set, a batch norm
/// in training normalises with the mean and variance of the global batch, all-reducing the
/// per-channel sums in the forward pass and the sums of the gradient terms in the backward
/// pass. Task-local, like the gradient mode, so it applies to the run that set it.
public enum SyncBatchNorm {
    @TaskLocal public static var replicas: (any ReplicaSum)?
}

extension Tensor {
    /// Per-channel mean and 1/√(var + eps) of `[N, C, H, W]` over every replica's batch (biased
    /// variance from Float64 sums), and the global count of values per channel.
    func replicaMoments(_ replicas: any ReplicaSum, eps: Float) throws -> (mean: [Float], invStd: [Float], count: Int) {
        let (n, c, s) = (shape[0], shape[1], shape[2] * shape[3])
        var sums = [Double](repeating: 0, count: 2 * c + 1)
        data.withUnsafeBufferPointer { x in
            sums.withUnsafeMutableBufferPointer { out in
                Parallel.forEach(c) { ch in
                    var sum: Double = 0, sq: Double = 0
                    for b in 0..<n {
                        for i in ((b * c + ch) * s)..<((b * c + ch + 1) * s) {
                            let v = Double(x[i])
                            sum += v
                            sq += v * v
                        }
                    }
                    out[ch] = sum
                    out[c + ch] = sq
                }
            }
        }
        sums[2 * c] = Double(n * s)
        try replicas.sumOverReplicas(&sums)
        let count = sums[2 * c]
        var mean = [Float](repeating: 0, count: c), invStd = mean
        for ch in 0..<c {
            let m = sums[ch] / count
            let v = max(0, sums[c + ch] / count - m * m)
            mean[ch] = Float(m)
            invStd[ch] = Float(1 / (v + Double(eps)).squareRoot())
        }
        return (mean, invStd, Int(count))
    }
}
