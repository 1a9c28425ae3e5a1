import Testing
import Core
import Tensor
import Segmentation

/// Inference spreads a batch's images over the threads, each image a whole forward of its
/// own (ImageParallelForward.swift). An image's outputs must be the bits of a forward of that
/// image alone, whatever batch it came in and however many threads ran, and stay within
/// 1e-5 of the batched forward; the threads share one model, its folded batch norms and its
/// Winograd weights, and must see changed weights as one thread does.
@Suite struct ImageParallelForwardTests {
    private func model(cls: Bool, seed: UInt64) throws -> any SegmentationModel {
        var config = ModelConfig(.unet)
        config.base = 8; config.depth = 3; config.seed = seed
        if cls { config.classifierDropout = 0 }
        let model = try makeModel(config)
        // Running statistics away from (0, 1), so the folds are not the identity.
        var g = SeededGenerator(seed: seed + 1)
        for case let norm as NormAct in model.descendants {
            if let r = norm.running {
                r.mean.data = r.mean.data.map { _ in Float(g.uniform() * 0.4 - 0.2) }
                r.variance.data = r.variance.data.map { _ in Float(0.5 + 1.5 * g.uniform()) }
            }
        }
        model.eval()
        return model
    }

    private func images(_ n: Int, side: Int, seed: UInt64) -> Tensor {
        var g = SeededGenerator(seed: seed)
        return Tensor(shape: [n, 1, side, side], data: (0..<(n * side * side)).map { _ in Float(g.uniform()) })
    }

    /// The images `range` of a batch (or of a batch's outputs).
    private func rows(_ x: Tensor, _ range: Range<Int>) throws -> Tensor {
        try Autograd.withoutGradients { try x.slice(axis: 0, range) }
    }

    private func image(_ x: Tensor, _ i: Int) throws -> Tensor { try rows(x, i..<(i + 1)) }

    private func alone(_ model: any SegmentationModel, _ x: Tensor) throws -> ModelOutputs {
        try Parallel.withThreadLimit(1) { try Autograd.withoutGradients { try model.allOutputs(x) } }
    }

    @Test(arguments: [1, 2, 3, 8])
    func eachImageGetsTheBitsOfItsOwnForward(threads: Int) throws {
        let model = try model(cls: true, seed: 3)
        let x = images(5, side: 40, seed: 4)   // 40 is not a multiple of 8: padded and cropped
        let spread = try Parallel.withThreadLimit(threads) { try model.inferenceOutputs(x) }
        try #require(spread.heads.count == 1 && spread.imageLogits != nil)
        #expect(spread.heads[0].shape == [5, 1, 40, 40])
        #expect(spread.imageLogits!.shape == [5, 1])
        for i in 0..<5 {
            let own = try alone(model, try image(x, i))
            let rows = try image(spread.heads[0], i)
            #expect(rows.data == own.heads[0].data, "image \(i)")
            #expect(spread.imageLogits!.data[i] == own.imageLogits!.data[0], "image \(i)")
        }
        let batched = try alone(model, x)
        let scale = batched.heads[0].data.map(abs).max()!
        let worst = zip(spread.heads[0].data, batched.heads[0].data).map { abs($0 - $1) }.max()!
        #expect(worst <= 1e-5 * scale)
    }

    /// A batch of one (a single prediction, or a batch's last image) gets the same bits as
    /// the image inside a larger batch, though more threads than images are free.
    @Test func anImageAloneGetsTheBitsItGetsInABatch() throws {
        let model = try model(cls: true, seed: 11)
        let x = images(3, side: 24, seed: 12)
        let batch = try Parallel.withThreadLimit(2) { try model.inferenceOutputs(x) }
        for i in 0..<3 {
            let single = try Parallel.withThreadLimit(4) { try model.inferenceOutputs(try image(x, i)) }
            let rows = try image(batch.heads[0], i)
            #expect(single.heads[0].data == rows.data, "image \(i)")
            #expect(single.imageLogits!.data[0] == batch.imageLogits!.data[i], "image \(i)")
        }
    }

    @Test func groupsOfSeveralImagesAreTheirOwnBatches() throws {
        let model = try model(cls: false, seed: 5)
        let x = images(5, side: 32, seed: 6)
        let spread = try Parallel.withThreadLimit(2) { try model.inferenceOutputs(x, imagesPerForward: 2) }
        // Groups 0..<2, 2..<4 and 4..<5, each the bits of a forward of that group alone.
        for group in [0..<2, 2..<4, 4..<5] {
            let own = try alone(model, try rows(x, group))
            let rows = try rows(spread.heads[0], group)
            #expect(rows.data == own.heads[0].data, "\(group)")
        }
    }

    /// The folds and Winograd weights are made by whichever thread first needs them; after the
    /// weights or statistics change, every thread must use the new ones.
    @Test func threadsFollowChangedWeights() throws {
        let model = try model(cls: false, seed: 7)
        let x = images(4, side: 32, seed: 8)
        let before = try Parallel.withThreadLimit(2) { try model.inferenceOutputs(x) }
        let conv = try #require(model.namedParameters().first { $0.name.hasSuffix("conv1.weight") }).tensor
        conv.data = conv.data.map { $0 * 1.5 }
        let norm = try #require(model.descendants.compactMap { $0 as? NormAct }.first { $0.running != nil })
        norm.running!.variance.data[0] *= 3
        let after = try Parallel.withThreadLimit(2) { try model.inferenceOutputs(x) }
        for i in 0..<4 {
            let own = try alone(model, try image(x, i))
            let rows = try image(after.heads[0], i)
            #expect(rows.data == own.heads[0].data, "image \(i)")
        }
        #expect(after.heads[0].data != before.heads[0].data)
    }

    /// A wrong input is reported with the batch's shape, and the model still predicts afterwards.
    @Test func aWorkersErrorIsThrown() throws {
        let model = try model(cls: false, seed: 9)
        let wrong = Tensor(zeros: [3, 2, 16, 16])   // two channels for a one-channel model
        let error = #expect(throws: ShapeError.self) { try Parallel.withThreadLimit(2) { try model.inferenceOutputs(wrong) } }
        #expect(error?.description.contains("[3, 2, 16, 16]") == true, "\(String(describing: error))")
        // Zero rows: each image's own forward fails inside its worker, and that error is thrown.
        #expect(throws: (any Error).self) { try Parallel.withThreadLimit(2) { try model.inferenceOutputs(Tensor(zeros: [3, 1, 0, 16])) } }
        let right = try Parallel.withThreadLimit(2) { try model.inferenceOutputs(images(3, side: 16, seed: 10)) }
        #expect(right.heads[0].shape == [3, 1, 16, 16])
    }
}
