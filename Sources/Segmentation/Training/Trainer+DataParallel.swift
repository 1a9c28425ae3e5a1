import Tensor

/// The trainer's side of a data-parallel run: which batches this rank trains on, the
/// gradient exchange at the end of each step, and what the ranks combine at the end of an
/// epoch. With `parallel` nil each of these is what one process does.
extension Trainer {
    /// How the ranks share the epochs of `plan` (one rank of one without `parallel`).
    func rankShare(_ plan: EpochPlan) -> RankShare {
        RankShare(rank: parallel?.rank ?? 0, size: parallel?.size ?? 1,
                  samples: plan.order(epoch: 0).count, batchSize: options.batchSize)
    }

    /// Backpropagates one micro-batch's `loss`. On the last micro-batch of a step in a
    /// data-parallel run, the ranks' gradients are averaged while backward runs; the loss is
    /// first scaled by the rank's share of the round (`RankShare.lossScale`).
    func backward(_ loss: Tensor, round: Int, of share: RankShare, endsStep: Bool) throws {
        guard let parallel else { return try loss.backward() }
        let scaled = loss * share.lossScale(round)
        guard endsStep else { return try scaled.backward() }
        #if DEBUG
        // Before this step's update the ranks must agree exactly; checked every 16 steps.
        if stepsDone % 16 == 0 { try parallel.checkIdentical(model.parameters, at: "before step \(stepsDone)") }
        #endif
        try parallel.backwardAveraging(scaled, parameters: model.parameters)
    }

    /// At the end of an epoch: the training loss over every rank's samples, the batch-norm
    /// running statistics averaged over the ranks (each rank saw only its own batches), and
    /// a check that the weights and the optimizer state are the same on every rank.
    func combineAcrossRanks(lossSum: inout Double, seen: inout Int) throws {
        guard let parallel else { return }
        let sums = try parallel.sum([lossSum, Double(seen)])
        (lossSum, seen) = (sums[0], Int(sums[1]))
        let buffers = model.namedBuffers().map(\.tensor)
        if !buffers.isEmpty { try parallel.average(buffers) }
        try parallel.checkIdentical(model.parameters + optimizer.stateTensors().map(\.tensor),
                                    at: "after epoch \(epochsDone + 1)")
    }

    /// Notes the world size and the time spent waiting for all-reduces in `record`.
    func recordRanks(in record: inout EpochRecord, allReduceSince before: Double) {
        guard let parallel else { return }
        record.worldSize = parallel.size
        record.allReduceSeconds = parallel.allReduceWaitSeconds - before
    }
}
