import Foundation

/// An activation that a normalisation can apply in the same pass (fusing saves a full
/// read and write of the activations, which dominate the shallow levels of a U-Net).
public enum FusedActivation: Sendable, Equatable {
    case identity
    case relu
    case leakyRelu(Float)

    /// dst[i] = apply(src[i]·scale + shift) for i in 0..<count, with the case chosen once
    /// outside the loop so that each loop vectorizes.
    @inline(__always) func apply(_ src: UnsafePointer<Float>, scale: Float, shift: Float,
                                 into dst: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .identity: for i in 0..<count { dst[i] = src[i] * scale + shift }
        case .relu: for i in 0..<count { dst[i] = max(src[i] * scale + shift, 0) }
        case .leakyRelu(let a):
            for i in 0..<count {
                let v = src[i] * scale + shift
                dst[i] = v > 0 ? v : a * v
            }
        }
    }

    /// The derivative, read off the output (its sign matches the input's for these functions).
    @inline(__always) func slope(atOutput y: Float) -> Float {
        switch self {
        case .identity: return 1
        case .relu: return y > 0 ? 1 : 0
        case .leakyRelu(let a): return y > 0 ? 1 : a
        }
    }
}

/// Running statistics of a batch norm, updated in place during training.
public final class RunningStatistics {
    public var mean: Tensor
    public var variance: Tensor
    public init(channels: Int) {
        mean = Tensor(zeros: [channels])
        variance = Tensor(repeating: 1, shape: [channels])
    }
}

extension Tensor {
    /// Batch normalisation of `[N, C, H, W]` with PyTorch's semantics: in training, batch
    /// statistics (biased variance) normalise, and the running statistics move by `momentum`
    /// towards the batch mean and the *unbiased* batch variance; in evaluation, the running
    /// statistics normalise.
    public func batchNorm2d(weight: Tensor?, bias: Tensor?, running: RunningStatistics?, training: Bool,
                            momentum: Float = 0.1, eps: Float = 1e-5,
                            activation: FusedActivation = .identity) throws -> Tensor {
        guard rank == 4 else { throw ShapeError("batchNorm2d", "needs [N, C, H, W], got \(show(shape))") }
        let (n, c, s) = (shape[0], shape[1], shape[2] * shape[3])
        try checkAffine(weight, bias, running, channels: c)
        guard training || running != nil else {
            throw ShapeError("batchNorm2d", "evaluation mode needs running statistics")
        }
        let count = n * s
        if training && count < 2 {
            throw ShapeError("batchNorm2d", "training needs more than one value per channel, got shape \(show(shape))")
        }
        var mean = [Float](repeating: 0, count: c), invStd = [Float](repeating: 0, count: c)
        let replicas = training ? SyncBatchNorm.replicas : nil
        var globalCount = count
        if let replicas {
            (mean, invStd, globalCount) = try replicaMoments(replicas, eps: eps)
        } else if training {
            momentsOf(groups: c, eps: eps, mean: &mean, invStd: &invStd) { ch, add in
                for b in 0..<n { add((b * c + ch) * s, s) }
            }
        }
        if training {
            if let running, !Checkpoint.isRecomputing {
                let unbias = Float(globalCount) / Float(globalCount - 1)
                // Updated in copies and stored once each: every store to `data` bumps its
                // version and takes its memo's lock.
                var runningMean = running.mean.data, runningVariance = running.variance.data
                for ch in 0..<c {
                    let variance = 1 / (invStd[ch] * invStd[ch]) - eps
                    runningMean[ch] = (1 - momentum) * runningMean[ch] + momentum * mean[ch]
                    runningVariance[ch] = (1 - momentum) * runningVariance[ch] + momentum * variance * unbias
                }
                running.mean.data = runningMean
                running.variance.data = runningVariance
            }
        } else if let running {
            mean = running.mean.data
            invStd = running.variance.data.map { 1 / ($0 + eps).squareRoot() }
        }
        return normalize(weight, bias, mean: mean, invStd: invStd, groupOf: { _, ch in ch },
                         batchStatistics: training, activation: activation, replicas: replicas)
    }

    /// Group normalisation: statistics per sample over each group of C/groups channels
    /// (and all positions); the affine transform is per channel. Independent of batch size,
    /// which is why it replaces batch norm for tiny batches.
    public func groupNorm(groups: Int, weight: Tensor?, bias: Tensor?, eps: Float = 1e-5,
                          activation: FusedActivation = .identity) throws -> Tensor {
        guard rank == 4 else { throw ShapeError("groupNorm", "needs [N, C, H, W], got \(show(shape))") }
        let (n, c, s) = (shape[0], shape[1], shape[2] * shape[3])
        guard groups > 0, c % groups == 0 else {
            throw ShapeError("groupNorm", "\(c) channels do not split into \(groups) groups")
        }
        try checkAffine(weight, bias, nil, channels: c)
        let per = c / groups
        var mean = [Float](repeating: 0, count: n * groups), invStd = mean
        momentsOf(groups: n * groups, eps: eps, mean: &mean, invStd: &invStd) { k, add in
            add(k * per * s, per * s)
        }
        return normalize(weight, bias, mean: mean, invStd: invStd, groupOf: { b, ch in b * groups + ch / per },
                         batchStatistics: true, activation: activation)
    }

    /// Instance normalisation: group norm with one group per channel.
    public func instanceNorm(weight: Tensor?, bias: Tensor?, eps: Float = 1e-5,
                             activation: FusedActivation = .identity) throws -> Tensor {
        guard rank == 4 else { throw ShapeError("instanceNorm", "needs [N, C, H, W], got \(show(shape))") }
        return try groupNorm(groups: shape[1], weight: weight, bias: bias, eps: eps, activation: activation)
    }

    /// Mean and 1/√(var + eps) (biased variance, accumulated in Float64) of each group k,
    /// whose members are the contiguous runs that `runs(k, add)` passes to `add(start, count)`.
    private func momentsOf(groups: Int, eps: Float, mean: inout [Float], invStd: inout [Float],
                           runs: (Int, (Int, Int) -> Void) -> Void) {
        data.withUnsafeBufferPointer { x in
            mean.withUnsafeMutableBufferPointer { pm in
                invStd.withUnsafeMutableBufferPointer { pi in
                    Parallel.forEach(groups) { k in
                        // Moments of x − pivot (the group's first value): shifting keeps E[x²] − E[x]²
                        // from cancelling when the mean is large next to the spread.
                        var pivot: Float?
                        var sum: Double = 0, sq: Double = 0, count = 0
                        runs(k) { start, length in
                            guard length > 0 else { return }
                            let p = pivot ?? x[start]
                            pivot = p
                            // Float SIMD partial sums over short blocks; Float64 across blocks keeps precision.
                            var i = start
                            let end = start + length
                            while i < end {
                                let blockEnd = min(end, i + 512)
                                var s8 = SIMD8<Float>(), q8 = SIMD8<Float>()
                                let p8 = SIMD8<Float>(repeating: p)
                                while i + 8 <= blockEnd {
                                    let v = UnsafeRawPointer(x.baseAddress! + i).loadUnaligned(as: SIMD8<Float>.self) - p8
                                    s8 += v
                                    q8 += v * v
                                    i += 8
                                }
                                var s = s8.sum(), q = q8.sum()
                                while i < blockEnd { let v = x[i] - p; s += v; q += v * v; i += 1 }
                                sum += Double(s)
                                sq += Double(q)
                            }
                            count += length
                        }
                        let shifted = sum / Double(max(count, 1))
                        let v = max(0, sq / Double(max(count, 1)) - shifted * shifted)
                        let m = shifted + Double(pivot ?? 0)
                        pm[k] = Float(m)
                        pi[k] = Float(1 / (v + Double(eps)).squareRoot())
                    }
                }
            }
        }
    }

    private func checkAffine(_ weight: Tensor?, _ bias: Tensor?, _ running: RunningStatistics?, channels c: Int) throws {
        for (name, t) in [("weight", weight), ("bias", bias), ("running mean", running?.mean), ("running variance", running?.variance)] {
            if let t, t.shape != [c] {
                throw ShapeError("normalization", "\(name) must have shape [\(c)] for input \(show(shape)), got \(show(t.shape))")
            }
        }
    }

    /// y = act(γ_c · (x − μ_k) · σ_k⁻¹ + β_c), where k = groupOf(sample, channel) picks the
    /// statistics. With batch statistics the backward pass also differentiates through μ and σ:
    /// dx = σ⁻¹ (ĝ − mean_k(ĝ) − x̂ · mean_k(ĝ x̂)), with ĝ = γ · act' · dy.
    private func normalize(_ weight: Tensor?, _ bias: Tensor?, mean: [Float], invStd: [Float],
                           groupOf: @escaping (Int, Int) -> Int, batchStatistics: Bool,
                           activation: FusedActivation, replicas: (any ReplicaSum)? = nil) -> Tensor {
        let (n, c, s) = (shape[0], shape[1], shape[2] * shape[3])
        let gamma = weight?.data ?? [Float](repeating: 1, count: c)
        let beta = bias?.data ?? [Float](repeating: 0, count: c)
        let out = [Float](unsafeUninitializedCapacity: count) { o, initialized in
            data.withUnsafeBufferPointer { x in
                Parallel.forEach(n * c) { plane in
                    let b = plane / c, ch = plane % c, k = groupOf(b, ch)
                    let scale = gamma[ch] * invStd[k], shift = beta[ch] - mean[k] * scale
                    activation.apply(x.baseAddress! + plane * s, scale: scale, shift: shift,
                                     into: o.baseAddress! + plane * s, count: s)
                }
            }
            initialized = count
        }
        let inputs = [self] + (weight.map { [$0] } ?? []) + (bias.map { [$0] } ?? [])
        return Tensor.result(shape, out, inputs) { [self] out in
            let groupsCount = mean.count
            // Per-plane sums of ĝ/γ (= act'·dy) and of (act'·dy)·x̂, in Float64.
            var sumG = [Double](repeating: 0, count: n * c), sumGX = sumG
            let dy = out.grad!, y = out.data
            dy.withUnsafeBufferPointer { g in
                y.withUnsafeBufferPointer { y in
                    data.withUnsafeBufferPointer { x in
                        sumG.withUnsafeMutableBufferPointer { sg in
                            sumGX.withUnsafeMutableBufferPointer { sgx in
                                Parallel.forEach(n * c) { plane in
                                    let k = groupOf(plane / c, plane % c)
                                    let m = mean[k], r = invStd[k]
                                    var a: Double = 0, bsum: Double = 0
                                    for i in (plane * s)..<((plane + 1) * s) {
                                        let d = Double(g[i] * activation.slope(atOutput: y[i]))
                                        a += d
                                        bsum += d * Double((x[i] - m) * r)
                                    }
                                    sg[plane] = a
                                    sgx[plane] = bsum
                                }
                            }
                        }
                    }
                }
            }
            if let weight, weight.requiresGrad {
                weight.accumulateGrad { gw in
                    for plane in 0..<(n * c) { gw[plane % c] += Float(sumGX[plane]) }
                }
            }
            if let bias, bias.requiresGrad {
                bias.accumulateGrad { gb in
                    for plane in 0..<(n * c) { gb[plane % c] += Float(sumG[plane]) }
                }
            }
            guard requiresGrad else { return }
            // Group means of ĝ and ĝ·x̂ (ĝ includes γ).
            var meanG = [Double](repeating: 0, count: groupsCount), meanGX = meanG, members = meanG
            if batchStatistics {
                for plane in 0..<(n * c) {
                    let ch = plane % c, k = groupOf(plane / c, ch)
                    meanG[k] += Double(gamma[ch]) * sumG[plane]
                    meanGX[k] += Double(gamma[ch]) * sumGX[plane]
                    members[k] += Double(s)
                }
                if let replicas {
                    // The global batch's means: every replica's sums, over every replica's count.
                    var sums = meanG + meanGX + members
                    try replicas.sumOverReplicas(&sums)
                    meanG = Array(sums[0..<groupsCount])
                    meanGX = Array(sums[groupsCount..<(2 * groupsCount)])
                    members = Array(sums[(2 * groupsCount)...])
                }
                for k in 0..<groupsCount where members[k] > 0 {
                    meanG[k] /= members[k]
                    meanGX[k] /= members[k]
                }
            }
            dy.withUnsafeBufferPointer { g in
                y.withUnsafeBufferPointer { y in
                    data.withUnsafeBufferPointer { x in
                        accumulateGrad { gx in
                            Parallel.forEach(n * c) { plane in
                                let ch = plane % c, k = groupOf(plane / c, ch)
                                let m = mean[k], r = invStd[k], gm = Float(meanG[k]), gxm = Float(meanGX[k])
                                for i in (plane * s)..<((plane + 1) * s) {
                                    let gh = gamma[ch] * g[i] * activation.slope(atOutput: y[i])
                                    gx[i] += r * (gh - gm - (x[i] - m) * r * gxm)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
