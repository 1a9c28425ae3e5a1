import Testing
import Core
import Tensor
import Segmentation

/// Inference folds each eval-mode batch norm into the convolution before it and applies the
/// activation as the convolution writes its output (BatchNormFolding.swift). Its predictions
/// must equal the unfused path's (the same model in evaluation with a tape on, which runs every
/// op on its own) within 1e-5 relative, for every architecture, encoder, norm kind and
/// activation, and must follow the weights and running statistics when they change.
@Suite struct InferenceFusionTests {
    static let configs: [ModelConfig] = {
        var configs: [ModelConfig] = []
        // smp_unet's norms are always batch norms; it has cases of its own below.
        for arch in ModelConfig.Architecture.allCases where arch != .smpunet {
            for norm in ["batch", "group2", "instance", "none"] {
                var c = ModelConfig(arch)
                c.base = 8; c.depth = 3; c.seed = 9; c.norm = norm
                configs.append(c)
            }
        }
        for (activation, encoder) in [("leaky_relu", "resnet34"), ("swish", "resnet18")] {
            var c = ModelConfig(.resunet)
            c.base = 8; c.encoder = encoder; c.activation = activation; c.attention = true; c.seed = 9
            configs.append(c)
        }
        var swishUNet = ModelConfig(.unet)
        swishUNet.base = 8; swishUNet.depth = 3; swishUNet.activation = "swish"; swishUNet.seed = 9
        configs.append(swishUNet)
        for (arch, norm) in [(ModelConfig.Architecture.unet, "batch"), (.unetpp, "none"), (.resunet, "batch")] {
            var c = ModelConfig(arch)
            c.base = 8; c.encoder = "effnet-b0"; c.norm = norm; c.seed = 9
            configs.append(c)
        }
        // smp's decoder blocks and its timm EfficientNet, at narrow decoder widths (the encoders
        // have their fixed ImageNet widths).
        for encoder in ["resnet18", "timm-efficientnet-b0"] {
            var c = ModelConfig(.smpunet)
            c.encoder = encoder; c.decoderChannels = [32, 16, 16, 16, 16]; c.attention = true; c.seed = 9
            configs.append(c)
        }
        return configs
    }()

    /// Gives every norm layer an affine transform and running statistics far from the
    /// identity, so a fold that dropped or misplaced any of them would show.
    private func perturbNorms(_ model: any SegmentationModel, seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        func values(_ n: Int, _ lo: Double, _ hi: Double) -> [Float] { (0..<n).map { _ in Float(lo + (hi - lo) * g.uniform()) } }
        for case let norm as NormAct in model.descendants {
            if let w = norm.weight { w.data = values(w.count, 0.5, 1.5) }
            if let b = norm.bias { b.data = values(b.count, -0.3, 0.3) }
            if let r = norm.running {
                r.mean.data = values(r.mean.count, -0.2, 0.2)
                r.variance.data = values(r.variance.count, 0.5, 2)
            }
        }
    }

    private func relativeDifference(_ a: Tensor, _ b: Tensor) -> Float {
        let scale = b.data.map(abs).max() ?? 0
        return zip(a.data, b.data).map { abs($0 - $1) }.max()! / max(scale, .leastNormalMagnitude)
    }

    private func predictions(_ model: any SegmentationModel, _ x: Tensor) throws -> (fused: Tensor, unfused: Tensor) {
        (try Autograd.withoutGradients { try model(x) }, try model(x))
    }

    @Test(arguments: configs)
    func fusedEqualsUnfused(_ config: ModelConfig) throws {
        let model = try makeModel(config)
        perturbNorms(model, seed: 3)
        model.eval()
        var g = SeededGenerator(seed: 4)
        let x = Tensor(shape: [2, 1, 32, 32], data: (0..<2048).map { _ in Float(g.uniform()) })
        let (fused, unfused) = try predictions(model, x)
        #expect(fused.shape == unfused.shape)
        // Folding rounds w·s once where the unfused path rounds the convolution's output and
        // then scales it: the difference is Float32 rounding that grows with the reduction
        // length. smp's encoders keep their ImageNet widths (64 to 512 channels, 3x3: reductions
        // of up to 4,608 terms, against at most 576 at base 8), where it reaches 1.0e-5 (ResNet-18)
        // and 1.2e-5 (ResNet-34); they get 2e-5.
        let tolerance: Float = config.architecture == .smpunet ? 2e-5 : 1e-5
        #expect(relativeDifference(fused, unfused) <= tolerance, "\(config)")
    }

    /// A fold is made from the weights and statistics at the time; after an optimizer-like
    /// change to a convolution's weights, or new running statistics, the next prediction
    /// uses the new values.
    @Test func foldFollowsChangedWeightsAndStatistics() throws {
        var config = ModelConfig(.unet)
        config.base = 8; config.depth = 2; config.seed = 2
        let model = try makeModel(config)
        perturbNorms(model, seed: 5)
        model.eval()
        var g = SeededGenerator(seed: 6)
        let x = Tensor(shape: [1, 1, 16, 16], data: (0..<256).map { _ in Float(g.uniform()) })
        let before = try Autograd.withoutGradients { try model(x) }

        let norms = model.descendants.compactMap { $0 as? NormAct }.filter { $0.running != nil }
        let convWeights = model.namedParameters().filter { $0.name.hasSuffix("conv1.weight") }.map(\.tensor)
        try #require(!norms.isEmpty && !convWeights.isEmpty)
        convWeights[0].data = convWeights[0].data.map { $0 * 1.5 }
        let afterWeights = try predictions(model, x)
        #expect(relativeDifference(afterWeights.fused, afterWeights.unfused) <= 1e-5)
        #expect(relativeDifference(afterWeights.fused, before) > 1e-3)

        norms[0].running!.mean.data[0] += 0.5
        norms[0].running!.variance.data[1] *= 3
        let afterStatistics = try predictions(model, x)
        #expect(relativeDifference(afterStatistics.fused, afterStatistics.unfused) <= 1e-5)
        #expect(relativeDifference(afterStatistics.fused, afterWeights.fused) > 1e-4)
    }

    /// Training mode keeps batch statistics: nothing is folded even without a tape.
    @Test func trainingModeDoesNotFold() throws {
        var config = ModelConfig(.unet)
        config.base = 8; config.depth = 2; config.seed = 2
        let model = try makeModel(config)
        perturbNorms(model, seed: 7)
        model.train(true)
        var g = SeededGenerator(seed: 8)
        let x = Tensor(shape: [2, 1, 16, 16], data: (0..<512).map { _ in Float(g.uniform()) })
        let noTape = try Autograd.withoutGradients { try model(x) }
        // Batch statistics normalise each channel of the first block to mean β over the batch;
        // folding running statistics would not. Compare with a tape-on pass of the same batch.
        let taped = try model(x)
        #expect(relativeDifference(noTape, taped) <= 1e-6)
    }
}
