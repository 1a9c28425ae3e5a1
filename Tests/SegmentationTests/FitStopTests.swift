import Data
import Foundation
import Segmentation
import Tensor
import Testing

/// Twelve 32-pixel synthetic images, generated once per test process.
private let tiny: Result<Dataset, Error> = Result { try synthesizedDataset("fitstop", count: 12, size: 32, seed: 4) }

private func tinyUNet(seed: UInt64 = 1) throws -> any SegmentationModel { try testUNet(base: 4, depth: 2, seed: seed) }

/// A run stopped at a point (by the clock, or by `stop`) and a run given that point as its
/// `stop` end with the same weights, bit for bit.
@Suite struct FitStopTests {
    private func options(epochs: Int = 1000, accumulation: Int = 1) -> FitOptions {
        var o = FitOptions(loss: BinaryCrossEntropy() + DiceLoss())
        o.epochs = epochs
        o.batchSize = 2
        o.accumulation = accumulation
        o.learningRate = 3e-3
        o.seed = 3
        // A schedule over the run's length: a stop must not shorten it.
        o.schedule = Schedule(.cosine(tMax: nil, etaMin: 0))
        return o
    }

    private func digest(after o: FitOptions) throws -> (digest: String, history: History) {
        let model = try tinyUNet()
        let history = try Trainer(model: model, options: o).fit(train: try tiny.get(), validation: nil)
        return (model.weightsDigest, history)
    }

    @Test func aBudgetStoppedRunIsReproducedByItsStopPoint() throws {
        var timed = options()
        timed.timeBudget = 0.5   // 1000 epochs cannot fit: the clock stops the run somewhere
        let (original, history) = try digest(after: timed)
        #expect(history.stopReason == .timeBudget)
        let at = try #require(history.stoppedAt)
        #expect(at > FitStop(epochs: 0), "the budget's check at the first step passes: at least one step ran")

        var replay = options()
        replay.stop = at
        let (replayed, replayHistory) = try digest(after: replay)
        #expect(replayed == original)
        #expect(replayHistory.stopReason == .planned)
        #expect(replayHistory.records.count == history.records.count)

        // Controls: one step further, or `epochs` cut to the stop (the schedule then
        // changes), gives other weights.
        var further = options()
        further.stop = at.batches + 1 < 6 ? FitStop(epochs: at.epochs, batches: at.batches + 1) : FitStop(epochs: at.epochs + 1)
        #expect(try digest(after: further).digest != original)
        // (Every schedule starts at the base rate, so this needs a second step to differ.)
        var shortened = options(epochs: at.epochs + 1)
        shortened.stop = at
        if at > FitStop(epochs: 0, batches: 1) { #expect(try digest(after: shortened).digest != original) }
    }

    /// With a constant rate, `stop` at an epoch boundary trains exactly what a shorter run does.
    @Test func aStopAtAnEpochEqualsAShorterRunUnderAConstantRate() throws {
        var short = options(epochs: 2)
        short.schedule = Schedule(.constant)
        var stopped = options(epochs: 7)
        stopped.schedule = Schedule(.constant)
        stopped.stop = FitStop(epochs: 2)
        let (a, _) = try digest(after: short)
        let (b, h) = try digest(after: stopped)
        #expect(a == b)
        #expect(h.records.count == 2)
        #expect(h.stoppedAt == FitStop(epochs: 2))
    }

    /// Mid-epoch with accumulation: 12 images in batches of 2 are 6 batches, 3 steps of 2.
    @Test func aMidEpochStopFallsBetweenOptimizerSteps() throws {
        var o = options(epochs: 3, accumulation: 2)
        o.stop = FitStop(epochs: 1, batches: 4)
        let model = try tinyUNet()
        let trainer = try Trainer(model: model, options: o)
        #expect(trainer.batchesPerEpoch(on: try tiny.get()) == 6)
        var last: (epoch: Int, batch: Int)?
        var steps = 0
        let h = try trainer.fit(train: try tiny.get(), validation: nil) { event in
            if case .step(let p) = event {
                steps += 1
                last = (p.epoch, p.batch)
                #expect(p.epochs == 3)
            }
        }
        #expect(steps == 6 + 4)
        #expect(last?.epoch == 1 && last?.batch == 4)
        #expect(h.records.count == 1)
        #expect(h.stoppedAt == FitStop(epochs: 1, batches: 4))
        #expect(trainer.epochsDone == 1)
    }

    @Test func stopsThatCannotBeReachedAreRejected() throws {
        let data = try tiny.get()
        func rejects(_ stop: FitStop, accumulation: Int = 1, _ words: String) throws {
            var o = options(epochs: 3, accumulation: accumulation)
            o.stop = stop
            let error = #expect(throws: FitError.self) {
                try Trainer(model: try tinyUNet(), options: o).fit(train: data, validation: nil)
            }
            #expect(error?.description.contains(words) == true, "\(String(describing: error))")
        }
        try rejects(FitStop(epochs: 1, batches: 3), accumulation: 2, "multiple of accum=2")
        try rejects(FitStop(epochs: 1, batches: 6), "which has 6 batches")
        try rejects(FitStop(epochs: 3, batches: 2), "past the end of the run")
        try rejects(FitStop(epochs: 4), "past the end of the run")
        try rejects(FitStop(epochs: -1), "negative")
    }

    @Test func theDigestCoversEveryParameterAndBuffer() throws {
        let a = try tinyUNet(seed: 1), b = try tinyUNet(seed: 1), c = try tinyUNet(seed: 2)
        #expect(a.weightsDigest == b.weightsDigest)
        #expect(a.weightsDigest != c.weightsDigest)
        #expect(a.weightsDigest.count == 16 && a.weightsDigest.allSatisfy(\.isHexDigit))

        // One bit of one batch-norm statistic changes it, and putting the bit back restores it.
        let buffer = try #require(b.namedBuffers().first { $0.name.hasSuffix("running_mean") })
        let saved = buffer.tensor.data[0]
        buffer.tensor.data[0] = Float(bitPattern: saved.bitPattern ^ 1)
        #expect(b.weightsDigest != a.weightsDigest)
        buffer.tensor.data[0] = saved
        #expect(b.weightsDigest == a.weightsDigest)

        // Weights copied into a differently seeded model give it the same digest.
        try c.load(a.namedTensors, source: "test")
        #expect(c.weightsDigest == a.weightsDigest)
    }
}
