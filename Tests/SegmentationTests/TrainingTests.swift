import Augment
import Data
import Foundation
import Segmentation
import Tensor
import Testing

/// A small synthetic SIIM set, generated once per test process.
private let synthetic: Result<Dataset, Error> = Result { try synthesizedDataset("training", count: 64, size: 64, seed: 11) }

private func smallUNet(seed: UInt64 = 1) throws -> any SegmentationModel { try testUNet(base: 8, depth: 3, seed: seed) }

@Suite(.serialized) struct TrainingTests {
    @Test func samplerKeepsPositivesAndTheRequestedShare() {
        let positive = (0..<100).map { $0 % 5 == 0 }  // 20 positives, 80 negatives
        let plan = EpochPlan(positive: positive, positiveFraction: 0.5, seed: 3)
        let e0 = plan.order(epoch: 0), e1 = plan.order(epoch: 1)
        #expect(e0.count == 40)
        #expect(e0.filter { positive[$0] }.count == 20)
        #expect(Set(e0).count == 40)
        #expect(e0 != e1)
        #expect(plan.order(epoch: 1) == e1)
        #expect(EpochPlan(positive: positive, positiveFraction: nil, seed: 3).order(epoch: 0).sorted() == Array(0..<100))
    }

    /// The learning test: under a minute of training on a small synthetic set lowers
    /// the loss and beats the all-empty prediction (Dice 0) on the positive images.
    @Test func aSmallUNetLearns() throws {
        let data = try synthetic.get()
        let model = try smallUNet()
        var options = FitOptions(loss: BinaryCrossEntropy() + DiceLoss())
        options.epochs = 24
        options.batchSize = 8
        options.learningRate = 1e-2
        options.seed = 5
        let trainer = try Trainer(model: model, options: options)
        let history = try trainer.fit(train: data, validation: nil)
        let losses = history.records.map(\.trainLoss)
        #expect(losses.last! < 0.7 * losses.first!, "train loss \(losses)")

        let positives = (0..<data.count).filter { data.positive[$0] }
        let probs = try Predictor([.init(model)]).probabilities(try positives.map { try data[$0].image })
        let masks = try PostProcessing(.threshold(0.5)).apply(to: probs)
        let scores = try SegmentationScores(predictions: masks, truths: positives.map { data.mask($0)! })
        // The all-empty prediction scores exactly 0 on images that have a pneumothorax.
        #expect(scores.meanDice > 0.4, "Dice on positives \(scores.meanDice)")
    }

    /// Two epochs in one go equal one epoch, a checkpoint, a new trainer resuming from it,
    /// and one more epoch: same weights, same history.
    @Test func resumeContinuesExactly() throws {
        let data = try synthetic.get().subset(Array(0..<16))
        var options = FitOptions(loss: BinaryCrossEntropy())
        options.epochs = 2
        options.batchSize = 4
        options.seed = 9
        options.schedule = Schedule(.cosine(tMax: nil, etaMin: 0))
        let straight = try smallUNet(seed: 4)
        try Trainer(model: straight, options: options).fit(train: data, validation: nil)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pleura-resume-\(getpid()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var first = options
        first.epochs = 1
        let a = try smallUNet(seed: 4)
        let t1 = try Trainer(model: a, options: first)
        try t1.fit(train: data, validation: nil)
        try t1.saveCheckpoint(to: path)

        let b = try smallUNet(seed: 77)  // different initial weights: resume must overwrite them
        let t2 = try Trainer(model: b, options: options)
        try t2.resume(from: path)
        #expect(t2.epochsDone == 1)
        let h = try t2.fit(train: data, validation: nil)
        #expect(h.records.count == 2)
        for (p, q) in zip(straight.namedTensors, b.namedTensors) {
            #expect(p.tensor.data == q.tensor.data, "\(p.name)")
        }
    }

    /// A batch made ahead on the prefetching thread is the batch made in turn (it depends
    /// only on its indices and seed): with augmentation, two epochs give bit-identical
    /// weights and losses either way. The loader's counters show the difference: in turn,
    /// the trainer waits for every batch; prefetched, only for the first.
    @Test func prefetchingGivesTheSameWeightsAsMakingBatchesInTurn() throws {
        let data = try synthetic.get().subset(Array(0..<16))
        var options = FitOptions(loss: BinaryCrossEntropy())
        options.epochs = 2
        options.batchSize = 4
        options.seed = 3
        options.augmentation = try Presets.siim2019(size: 64)
        var runs: [(model: any SegmentationModel, history: History)] = []
        for prefetch in [false, true] {
            options.prefetch = prefetch
            let model = try smallUNet(seed: 2)
            runs.append((model, try Trainer(model: model, options: options).fit(train: data, validation: nil)))
        }
        for (p, q) in zip(runs[0].model.namedTensors, runs[1].model.namedTensors) {
            #expect(p.tensor.data == q.tensor.data, "\(p.name)")
        }
        #expect(runs[0].history.records.map(\.trainLoss) == runs[1].history.records.map(\.trainLoss))
        func total(_ h: History, _ field: (EpochRecord) -> Double?) -> Double { h.records.reduce(0) { $0 + (field($1) ?? .nan) } }
        let inTurn = runs[0].history, ahead = runs[1].history
        // Made in turn, every second spent making batches is waited for. How much of it the
        // prefetcher hides depends on the load of the machine, so that is a benchmark figure
        // (`pleura-bench data`), not asserted here.
        #expect(total(inTurn, \.dataWaitSeconds) >= total(inTurn, \.dataSeconds))
        for record in inTurn.records + ahead.records {
            #expect(try #require(record.dataWaitSeconds) <= record.seconds && record.dataSeconds! > 0)
        }
        #expect(try #require(ahead.dataWaitShare) < 1)
    }

    /// After update_bn, a batch norm's running mean is the mean of the per-batch means and
    /// its running variance the mean of the per-batch unbiased variances.
    @Test func updateBatchNormMatchesThePass() throws {
        let norm = NormAct(.batch, channels: 1, activation: .identity)
        let model = Sequential([norm])
        let batches: [[Float]] = [[1, 2, 3, 6], [4, 4, 5, 7], [0, 10, 2, 4]]
        try updateBatchNormStatistics(of: model, batches: batches.count) { k in
            Tensor(shape: [2, 1, 1, 2], data: batches[k])
        }
        let means = batches.map { $0.reduce(0, +) / 4 }
        let variances = zip(batches, means).map { b, m in b.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 3 }
        #expect(abs(norm.running!.mean.data[0] - means.reduce(0, +) / 3) < 1e-5)
        #expect(abs(norm.running!.variance.data[0] - variances.reduce(0, +) / 3) < 1e-4)
    }

    @Test func badOptionsAreRejected() throws {
        var options = FitOptions(loss: BinaryCrossEntropy())
        options.accumulation = 0
        #expect(throws: FitError.self) { try Trainer(model: try smallUNet(), options: options) }
        options.accumulation = 1
        options.swaFromEpoch = 3
        #expect(throws: FitError.self) { try Trainer(model: try smallUNet(), options: options) }
    }
}
