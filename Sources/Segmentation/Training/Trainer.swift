import Augment
import Core
import Data
import Foundation
import Tensor

/// Trains a segmentation model: mini-batches with gradient accumulation, a schedule, optional
/// SWA or EMA, validation every epoch with the competition metric, the best weights kept,
/// checkpoints written atomically, and a clean stop on Ctrl-C or when the time budget ends.
public final class Trainer {
    public let model: any SegmentationModel
    public let options: FitOptions
    public let optimizer: any Optimizer
    public internal(set) var history = History()
    /// Epochs completed so far (a resumed run continues from here).
    public internal(set) var epochsDone = 0
    var stepsDone = 0
    var average: WeightAverage?
    /// The post-processing tuned on validation after the run (`fit ... tune=true`), kept in the checkpoint.
    public var postProcessing: PostProcessing?
    private var bestWeights: [[Float]]?
    /// The other ranks of a data-parallel run (Trainer+DataParallel.swift), or nil for one process.
    public var parallel: (any DataParallel)?

    public init(model: any SegmentationModel, options: FitOptions) throws {
        try options.validate()
        self.model = model
        self.options = options
        let params = model.namedParameters()
        switch options.optimizer {
        case .adam: optimizer = Adam(parameters: params, learningRate: options.learningRate, weightDecay: options.weightDecay)
        case .adamW: optimizer = Adam.adamW(parameters: params, learningRate: options.learningRate, weightDecay: options.weightDecay)
        case let .sgd(momentum, nesterov):
            optimizer = SGD(parameters: params, learningRate: options.learningRate, momentum: momentum,
                            nesterov: nesterov, weightDecay: options.weightDecay)
        }
        if let rate = options.encoderLearningRate {
            optimizer.scaleRate(rate / options.learningRate, of: Set(model.parameters(in: .encoder).map(\.name)))
        }
        if let k = options.swaFromEpoch {
            average = WeightAverage(.swa(fromEpoch: k), parameters: params)
        } else if let d = options.emaDecay {
            average = WeightAverage(.ema(decay: d), parameters: params)
        }
    }

    /// Runs the remaining epochs on `train`, validating on `validation` after each, up to
    /// `options.stop` if given. Ctrl-C and the time budget are looked at only between
    /// optimizer steps, so wherever a run stops, `FitStop` can name the point and a run
    /// given that stop ends with the same weights.
    @discardableResult
    public func fit(train: Dataset, validation: Dataset?, onEvent: (FitEvent) -> Void = { _ in }) throws -> History {
        guard train.count > 0 else { throw FitError("the training set is empty") }
        let plan = EpochPlan(positive: train.positive, positiveFraction: options.positiveFraction, seed: options.seed)
        let batchesPerEpoch = batchesPerEpoch(on: train)
        let share = rankShare(plan)
        try options.stop?.validate(epochs: options.epochs, batchesPerEpoch: batchesPerEpoch,
                                   accumulation: options.accumulation, done: epochsDone)
        let end = options.stop ?? FitStop(epochs: options.epochs)
        let batchesToRun = max(0, (end.epochs - epochsDone) * batchesPerEpoch + end.batches)
        var batchesRun = 0
        let started = Date()
        history.stopReason = nil
        history.stoppedAt = nil
        let (augmentation, seed) = (options.augmentation, options.seed)
        let loader = BatchPrefetcher { job in try train.batch(job.indices, augmentation: augmentation, seed: job.seed) }
        defer { loader.drain() }
        // Batch b of an epoch, with the seed its augmentation draws from.
        func job(_ epoch: Int, _ b: Int, _ batches: [[Int]]) -> BatchJob {
            BatchJob(indices: batches[b], seed: seed ^ (UInt64(epoch) << 32 | UInt64(share.globalIndex(b))))
        }
        var batches = share.batches(of: epochBatches(plan, epoch: epochsDone))
        epochs: for epoch in epochsDone..<options.epochs {
            model.train()
            // The next epoch's batches are known now, so its first one can be made during
            // this epoch's last step and validation.
            let following = epoch + 1 < options.epochs ? share.batches(of: epochBatches(plan, epoch: epoch + 1)) : []
            let stepsPerEpoch = (batches.count + options.accumulation - 1) / options.accumulation
            let epochStart = Date()
            let (waitBefore, dataBefore) = (loader.waitSeconds, loader.dataSeconds)
            let allReduceBefore = parallel?.allReduceWaitSeconds ?? 0
            var lossSum = 0.0, seen = 0
            var rate = optimizer.learningRate
            for (b, indices) in batches.enumerated() {
                if b % options.accumulation == 0 {
                    let here = FitStop(epochs: epoch, batches: b)
                    if let reason = try stopReason(at: here, since: started) {
                        history.stopReason = reason
                        history.stoppedAt = here
                        break epochs
                    }
                    rate = options.schedule.rate(forStep: stepsDone, stepsPerEpoch: stepsPerEpoch,
                                                 epochs: options.epochs, base: options.learningRate)
                    optimizer.learningRate = rate
                }
                let next = b + 1 < batches.count ? job(epoch, b + 1, batches)
                    : following.isEmpty ? nil : job(epoch + 1, 0, following)
                let batch = try loader.take(job(epoch, b, batches), prefetching: options.prefetch ? next : nil)
                let outputs = try model.allOutputs(batch.images)
                let heads = outputs.heads
                var loss = try options.loss(heads[0], batch.targets)
                for head in heads.dropFirst() { loss = try loss + options.loss(head, batch.targets) }
                loss = loss / Float(heads.count)
                if let logits = outputs.imageLogits {
                    loss = try loss + imageLoss(logits, batch.targets) * Float(options.classifierWeight)
                }
                let endsStep = (b + 1) % options.accumulation == 0 || b == batches.count - 1
                try backward(loss / Float(options.accumulation), round: b, of: share, endsStep: endsStep)
                let counted = share.isFiller(b) ? 0 : indices.count
                lossSum += Double(loss.item) * Double(counted)
                seen += counted
                if endsStep {
                    if let c = options.clipNorm { _ = clipGradientNorm(model.parameters, maxNorm: c) }
                    optimizer.step()
                    optimizer.zeroGrad()
                    average?.stepEnded()
                    stepsDone += 1
                }
                batchesRun += 1
                let now = Date()
                let elapsed = now.timeIntervalSince(started)
                onEvent(.step(FitProgress(
                    epoch: epoch, epochs: options.epochs, batch: b + 1, batches: batches.count,
                    loss: lossSum / Double(seen),
                    imagesPerSecond: Double(seen) / max(now.timeIntervalSince(epochStart), 1e-9),
                    elapsed: elapsed,
                    secondsLeft: elapsed / Double(batchesRun) * Double(max(0, batchesToRun - batchesRun)))))
            }
            try combineAcrossRanks(lossSum: &lossSum, seen: &seen)
            average?.epochEnded(epoch)
            var record = EpochRecord(epoch: epoch, trainLoss: lossSum / Double(max(seen, 1)), learningRate: rate,
                                     images: seen, seconds: Date().timeIntervalSince(epochStart))
            record.dataWaitSeconds = loader.waitSeconds - waitBefore
            record.dataSeconds = loader.dataSeconds - dataBefore
            recordRanks(in: &record, allReduceSince: allReduceBefore)
            if let validation { try validate(on: validation, into: &record) }
            history.records.append(record)
            epochsDone = epoch + 1
            keepIfBest(record)
            onEvent(.epoch(record))
            if let path = options.checkpointPath { try saveCheckpoint(to: path) }
            batches = following
        }
        if let average, average.count > 0 {
            try finishAveraging(average, train: train, validation: validation, onEvent: onEvent)
        } else if let best = bestWeights {
            for (p, w) in zip(model.parameters + model.namedBuffers().map(\.tensor), best) { p.data = w }
        }
        return history
    }

    /// The sample indices of each batch of `epoch`.
    private func epochBatches(_ plan: EpochPlan, epoch: Int) -> [[Int]] {
        let order = plan.order(epoch: epoch)
        return stride(from: 0, to: order.count, by: options.batchSize).map {
            Array(order[$0..<min(order.count, $0 + options.batchSize)])
        }
    }

    /// Batches in each epoch of a run on `train`: every epoch visits as many samples (all of
    /// them, or every positive plus a fixed share of the negatives).
    public func batchesPerEpoch(on train: Dataset) -> Int {
        rankShare(EpochPlan(positive: train.positive, positiveFraction: options.positiveFraction, seed: options.seed)).rounds
    }

    /// Why the run stops at `here`, between two optimizer steps, if it does: the stop it was
    /// given, Ctrl-C, or the end of the time budget.
    private func stopReason(at here: FitStop, since start: Date) throws -> StopReason? {
        let local: StopReason? = if here == options.stop {
            .planned
        } else if Interrupt.isRequested {
            .interrupted
        } else if let budget = options.timeBudget, Date().timeIntervalSince(start) >= budget {
            .timeBudget
        } else {
            nil
        }
        let reason = try parallel?.agreedStop(local) ?? local
        if reason == .interrupted { Interrupt.reset() }
        return reason
    }

    private func validate(on dataset: Dataset, into record: inout EpochRecord) throws {
        var predictor = Predictor([.init(model)], batchSize: options.batchSize)
        predictor.interruptible = false
        let result = try evaluate(predictor, on: dataset,
                                  postProcessing: PostProcessing(.threshold(options.threshold)), loss: options.loss,
                                  across: parallel)
        record.validationLoss = result.loss
        record.validationDice = result.scores.meanDice
        record.validationIoU = result.scores.meanIoU
    }

    /// Remembers the weights (and BN statistics) of the best epoch so far.
    private func keepIfBest(_ record: EpochRecord) {
        let score: Double? = switch options.monitor {
        case .dice: record.validationDice
        case .loss: record.validationLoss.map { -$0 } ?? -record.trainLoss
        }
        guard let score, history.bestScore.map({ score > $0 }) ?? true else { return }
        history.bestScore = score
        history.bestEpoch = record.epoch
        bestWeights = (model.parameters + model.namedBuffers().map(\.tensor)).map(\.data)
    }

    /// Puts the averaged weights into the model and, for SWA, recomputes the batch-norm
    /// statistics with one pass over the training data (PyTorch's `update_bn`: a cumulative
    /// average, in training mode), then validates the result.
    private func finishAveraging(_ average: WeightAverage, train: Dataset, validation: Dataset?,
                                 onEvent: (FitEvent) -> Void) throws {
        average.copyToParameters()
        if case .swa = average.rule {
            let starts = Array(stride(from: 0, to: train.count, by: options.batchSize))
            try updateBatchNormStatistics(of: model, batches: starts.count) { k in
                try train.batch(Array(starts[k]..<min(train.count, starts[k] + options.batchSize))).images
            }
        }
        var record = EpochRecord(epoch: epochsDone - 1, trainLoss: history.lastTrainLoss ?? .nan,
                                 learningRate: optimizer.learningRate, images: 0, seconds: 0, note: average.rule.label)
        if let validation { try validate(on: validation, into: &record) }
        history.records.append(record)
        onEvent(.epoch(record))
    }
}

extension WeightAverage.Rule {
    var label: String {
        switch self {
        case .swa: "swa"
        case .ema: "ema"
        }
    }
}

/// The image-level head's loss: BCE of one logit per image `[N, 1]` against whether the
/// image's mask `[N, 1, H, W]` has any pixel.
public func imageLoss(_ logits: Tensor, _ targets: Tensor) throws -> Tensor {
    let n = targets.shape[0], pixels = targets.count / max(n, 1)
    let labels = (0..<n).map { i in targets.data[(i * pixels)..<((i + 1) * pixels)].contains { $0 > 0 } ? Float(1) : 0 }
    return try BinaryCrossEntropy()(logits, Tensor(shape: [n, 1], data: labels))
}

/// Recomputes every batch norm's running statistics from `batches`, as PyTorch's
/// `torch.optim.swa_utils.update_bn`: statistics reset, then one forward pass per batch in
/// training mode with a cumulative average (momentum 1/(k+1) at batch k), so the running
/// mean ends as the mean of the per-batch means and the running variance as the mean of the
/// per-batch unbiased variances. `batch(k)` gives batch k of `batches`. Frozen batch norms
/// (their weights frozen with their part) keep their statistics.
public func updateBatchNormStatistics(of model: some Layer, batches: Int, _ batch: (Int) throws -> Tensor) throws {
    let norms = model.descendants.compactMap { $0 as? NormAct }.filter { $0.kind == .batch && $0.weight?.requiresGrad != false }
    guard !norms.isEmpty else { return }
    for n in norms { resetRunningStatistics(of: n) }
    let wasTraining = model.isTraining
    let saved = norms.map(\.momentum)
    model.train()
    defer {
        for (n, m) in zip(norms, saved) { n.momentum = m }
        model.train(wasTraining)
    }
    for k in 0..<batches {
        for n in norms { n.momentum = 1 / Float(k + 1) }
        let x = try batch(k)
        _ = try Autograd.withoutGradients { try model(x) }
    }
}
