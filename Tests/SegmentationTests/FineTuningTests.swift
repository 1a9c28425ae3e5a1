import Data
import Foundation
import Imaging
import Segmentation
import Tensor
import TestSupport
import Testing

/// Fine-tuning and the image-level decision: frozen parts, the encoder's own learning rate,
/// the classifier head's loss, and the class threshold in post-processing and its search.
@Suite(.serialized) struct FineTuningTests {
    private static let data: Result<Dataset, Error> = Result { try synthesizedDataset("finetune", count: 16, size: 32, seed: 4) }

    private func model(base: Int = 4, depth: Int = 2, classifier: Bool = false) throws -> any SegmentationModel {
        var c = ModelConfig(.unet)
        c.base = base; c.depth = depth; c.seed = 3
        c.classifierDropout = classifier ? 0 : nil
        return try makeModel(c)
    }

    /// Every architecture's encoder is a part: its parameters are the encoder's own modules'.
    @Test func everyArchitectureHasAnEncoderPart() throws {
        for architecture in ModelConfig.Architecture.allCases {
            var c = ModelConfig(architecture)
            c.base = 4; c.depth = 2
            let m = try makeModel(c)
            let encoder = m.parameters(in: .encoder), decoder = m.parameters(in: .decoder), heads = m.parameters(in: .head)
            #expect(!encoder.isEmpty && !decoder.isEmpty && !heads.isEmpty, "\(architecture)")
            #expect(encoder.count + decoder.count + heads.count == m.namedParameters().count)
        }
        // U-Net's encoder stages have their historical names: down.N and the bottleneck.
        let unet = try model()
        #expect(Set(unet.parameters(in: .encoder).map { String($0.name.prefix { $0 != "." }) }) == ["down", "bottleneck"])
        #expect(unet.parameters(in: .head).map(\.name) == ["head.weight", "head.bias"])
    }

    /// A frozen encoder's weights and batch-norm statistics are bit-identical after training,
    /// SWA's recomputation of the statistics included, while the decoder trains.
    @Test func aFrozenEncoderIsBitIdenticalAfterFit() throws {
        let data = try Self.data.get()
        let m = try model()
        try m.setTrainable(false, part: .encoder)
        #expect(m.frozenParts == [.encoder])
        let encoderNames = Set(m.namedTensors.map(\.name).filter { m.part(of: $0) == .encoder })
        #expect(encoderNames.contains { $0.hasSuffix("running_mean") })
        let before = Dictionary(uniqueKeysWithValues: m.namedTensors.map { ($0.name, $0.tensor.data) })
        var options = FitOptions(loss: BinaryCrossEntropy() + DiceLoss())
        options.epochs = 2; options.batchSize = 8; options.learningRate = 1e-2; options.swaFromEpoch = 0
        options.weightDecay = 1e-2; options.optimizer = .adamW
        try Trainer(model: m, options: options).fit(train: data, validation: nil)
        var decoderMoved = false
        for (name, tensor) in m.namedTensors {
            let same = before[name]!.map(\.bitPattern) == tensor.data.map(\.bitPattern)
            if encoderNames.contains(name) {
                #expect(same, "\(name) changed")
            } else if !same {
                decoderMoved = true
            }
        }
        #expect(decoderMoved)
        try m.setTrainable(true, part: .encoder)
        #expect(m.frozenParts.isEmpty)
    }

    /// Adam's first step moves every parameter by lr·g/(|g| + ε): by the rate itself wherever
    /// |g| ≫ ε. With lr_encoder the encoder's parameters move by lr_encoder, the rest by lr.
    @Test func lrEncoderGivesTheEncoderItsOwnAdamStep() throws {
        let data = try Self.data.get()
        let m = try model()
        let before = Dictionary(uniqueKeysWithValues: m.namedParameters().map { ($0.name, $0.tensor.data) })
        var options = FitOptions(loss: BinaryCrossEntropy())
        options.batchSize = data.count; options.learningRate = 1e-2; options.encoderLearningRate = 1e-4
        try Trainer(model: m, options: options).fit(train: data, validation: nil)
        func largestStep(_ part: ModelPart) -> Double {
            m.parameters(in: part).flatMap { p in zip(p.tensor.data, before[p.name]!).map { Double(abs($0 - $1)) } }.max()!
        }
        expectClose(largestStep(.encoder), 1e-4, tolerance: 2e-6)
        expectClose(largestStep(.decoder), 1e-2, tolerance: 2e-5)
    }

    /// The rate multiple, step by hand: Adam's first update is lr·m̂/(√v̂ + ε) with m̂ = g and
    /// v̂ = g², i.e. lr·g/(|g| + ε).
    @Test func aScaledParameterTakesAScaledAdamStep() {
        let a = Tensor(shape: [2], data: [1, -1]), b = Tensor(shape: [1], data: [0.5])
        let adam = Adam(parameters: [("a", a), ("b", b)], learningRate: 0.1)
        adam.scaleRate(0.01, of: ["a"])
        a.grad = [0.5, -3]
        b.grad = [-2]
        adam.step()
        func step(_ lr: Double, _ g: Double) -> Double { lr * g / (abs(g) + 1e-8) }
        expectClose(a.data.map(Double.init), [1 - step(1e-3, 0.5), -1 - step(1e-3, -3)], tolerance: 1e-7)
        expectClose(Double(b.data[0]), 0.5 - step(0.1, -2), tolerance: 1e-7)
    }

    /// The image loss is BCE on one logit per image against "the mask has a pixel": its
    /// gradient is (σ(z) − y)/N, checked by hand and by central differences.
    @Test func theImageLossGradientIsSigmoidMinusLabel() throws {
        let z: [Float] = [1.5, -0.5, 0.25]
        // Image 0 and 2 have a mask pixel, image 1 none.
        let targets = Tensor(shape: [3, 1, 2, 2], data: [0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0])
        let logits = Tensor(shape: [3, 1], data: z, requiresGrad: true)
        try imageLoss(logits, targets).backward()
        let y: [Float] = [1, 0, 1]
        let sigmoid = { (x: Float) in 1 / (1 + exp(-x)) }
        let hand = zip(z, y).map { Double((sigmoid($0) - $1) / 3) }
        expectClose(logits.grad!.map(Double.init), hand, tolerance: 1e-6)
        for i in 0..<3 {
            let h: Float = 1e-2
            func loss(_ dz: Float) throws -> Double {
                var shifted = z
                shifted[i] += dz
                return Double(try imageLoss(Tensor(shape: [3, 1], data: shifted), targets).item)
            }
            expectClose((try loss(h) - loss(-h)) / Double(2 * h), hand[i], tolerance: 1e-4)
        }
    }

    /// With a classifier head, the joint loss reaches the head: the gradient of its bias is
    /// cls_weight · mean(σ(z) − y) over the batch, from the logits the forward pass gave.
    @Test func theJointLossTrainsTheClassifierHead() throws {
        let data = try Self.data.get()
        let m = try model(classifier: true)
        let batch = try data.batch(Array(0..<6))
        let outputs = try m.allOutputs(batch.images)
        let logits = try #require(outputs.imageLogits)
        #expect(logits.shape == [6, 1])
        let weight: Float = 0.4
        try (imageLoss(logits, batch.targets) * weight).backward()
        let named = m.namedParameters().first { $0.name == "cls_head.fc.bias" }
        let bias = try #require(named?.tensor)
        let labels: [Float] = data.positive[0..<6].map { $0 ? 1 : 0 }
        var sum = 0.0
        for (z, y) in zip(logits.data, labels) { sum += Double(1 / (1 + exp(-z)) - y) }
        let expected = sum / 6 * Double(weight)
        expectClose(Double(bias.grad![0]), expected, tolerance: 1e-6)
        #expect(m.part(of: "cls_head.fc.weight") == .head)
    }

    /// Adding the head leaves every other weight as the same seed made it.
    @Test func theHeadDoesNotChangeTheOtherWeights() throws {
        let plain = try model(), headed = try model(classifier: true)
        let named = Dictionary(uniqueKeysWithValues: headed.namedTensors.map { ($0.name, $0.tensor.data) })
        for (name, tensor) in plain.namedTensors { #expect(named[name] == tensor.data, "\(name)") }
        #expect(headed.config.call.contains("cls_head=true, cls_dropout=0.0"))
    }

    @Test func theClassThresholdEmptiesMasks() throws {
        var map = Image(width: 4, height: 4)
        for i in 0..<8 { map.pixels[i] = 0.9 }
        let post = PostProcessing(.threshold(0.5), clsThreshold: 0.6)
        #expect(try post.apply(to: map, presence: 0.59).isEmpty)
        #expect(try post.apply(to: map, presence: 0.6).area == 8)
        #expect(try post.apply(to: map).area == 8)
        let resized = try PostProcessing(.threshold(0.5), size: 8, clsThreshold: 0.6).apply(to: map, presence: 0.1)
        #expect(resized.isEmpty && resized.width == 8 && resized.height == 8)
        #expect(post.description == "postprocess(threshold=0.5, cls_threshold=0.6)")
    }

    /// Four 8x8 images each with a confident 4-pixel blob; the blob is the truth in the first
    /// two and a false alarm in the last two. Class probabilities 0.85, 0.55, 0.45, 0.15:
    /// only a class threshold in (0.45, 0.55] gets all four right, so the search must pick
    /// 0.5 (score 1); none scores 0.5, 0.3 and 0.7 score 0.75.
    @Test func theSearchFindsTheClassThreshold() throws {
        var map = Image(width: 8, height: 8)
        var blob = Mask(width: 8, height: 8)
        for (x, y) in [(2, 2), (3, 2), (2, 3), (3, 3)] { map[x, y] = 0.9; blob[x, y] = 1 }
        let empty = Mask(width: 8, height: 8)
        let maps = [map, map, map, map], truths = [blob, blob, empty, empty], presence: [Float] = [0.85, 0.55, 0.45, 0.15]
        let search = ThresholdSearch(thresholds: [0.5], triplets: [], minAreas: [0], clsThresholds: [nil, 0.3, 0.5, 0.7])
        let result = try search.run(probabilities: maps, truths: truths, presence: presence)
        #expect(result.best.setting.clsThreshold == 0.5)
        expectClose(result.best.score, 1, tolerance: 1e-12)
        let scores = Dictionary(uniqueKeysWithValues: result.ranking.map { ($0.setting.clsThreshold ?? -1, $0.score) })
        #expect(scores == [-1: 0.5, 0.3: 0.75, 0.5: 1, 0.7: 0.75])
        // The fast search agrees with applying each setting and scoring its masks.
        for (setting, score) in result.ranking {
            let masks = try setting.apply(to: maps, presence: presence)
            expectClose(try SegmentationScores(predictions: masks, truths: truths).meanDice, score, tolerance: 1e-12)
        }
    }
}
