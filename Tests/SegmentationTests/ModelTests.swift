import Foundation
import Testing
import Core
import Tensor
import Segmentation

@Suite struct ModelTests {
    static let architectures: [ModelConfig] = {
        var configs: [ModelConfig] = []
        for arch in ModelConfig.Architecture.allCases {
            var c = ModelConfig(arch)
            c.base = 4
            c.depth = 3
            c.seed = 5
            configs.append(c)
        }
        var attention = ModelConfig(.resunet)
        attention.base = 4; attention.encoder = "resnet18"; attention.attention = true
        var supervised = ModelConfig(.unetpp)
        supervised.base = 4; supervised.depth = 2; supervised.deepSupervision = true; supervised.norm = "group2"
        var variants = ModelConfig(.unet)
        variants.base = 4; variants.depth = 2; variants.norm = "instance"; variants.activation = "swish"
        variants.upsampling = "bilinear"; variants.dropout = 0.2
        return configs + [attention, supervised, variants] + efficientNets
    }()

    /// Every decoder on an EfficientNet encoder, at a quarter of the paper's width (base 8).
    static let efficientNets: [ModelConfig] = {
        var configs: [ModelConfig] = []
        for (arch, variant) in zip(ModelConfig.Architecture.allCases, ["effnet-b0", "effnet-b1", "effnet-b2", "effnet-b0"]) {
            var c = ModelConfig(arch)
            c.base = 8; c.encoder = variant; c.seed = 5
            configs.append(c)
        }
        var supervised = ModelConfig(.unetpp)
        supervised.base = 8; supervised.encoder = "effnet-b0"; supervised.deepSupervision = true; supervised.norm = "group4"
        var attention = ModelConfig(.resunet)
        attention.base = 8; attention.encoder = "effnet-b4"; attention.attention = true; attention.activation = "swish"
        return configs + [supervised, attention]
    }()

    /// Every architecture maps [N, 1, H, W] to [N, 1, H, W] logits, also for sides that are
    /// not multiples of its size factor (padded, then cropped back), and every parameter
    /// receives a gradient.
    @Test(arguments: architectures)
    func shapesAndGradientFlow(_ config: ModelConfig) throws {
        let model = try makeModel(config)
        for (h, w) in [(32, 32), (37, 45)] {
            let x = Tensor(repeating: 0.5, shape: [2, 1, h, w])
            let heads = try model.allHeads(x)
            #expect(heads.count == (config.deepSupervision ? config.levels : 1))
            for y in heads { #expect(y.shape == [2, 1, h, w]) }
        }
        model.zeroGrad()
        var g = SeededGenerator(seed: 1)
        let x = Tensor(shape: [2, 1, 32, 32], data: (0..<2048).map { _ in Float(g.uniform()) })
        try model.allHeads(x).reduce(Tensor(0)) { try $0 + $1.mean() }.backward()
        let missing = model.namedParameters().filter { $0.tensor.grad == nil }.map(\.name)
        #expect(missing.isEmpty, "no gradient reached \(missing)")
        let names = model.namedParameters().map(\.name)
        #expect(Set(names).count == names.count)
    }

    @Test func sameSeedSameWeights() throws {
        var c = ModelConfig(.unet)
        c.base = 4; c.depth = 2; c.seed = 9
        let a = try makeModel(c), b = try makeModel(c)
        #expect(a.parameters.map(\.data) == b.parameters.map(\.data))
        c.seed = 10
        #expect(try makeModel(c).parameters.map(\.data) != a.parameters.map(\.data))
    }

    /// FLOPs of unet(base=4, depth=1) at 8x8, counted by hand (2 per multiply-add):
    /// down 1→4 and 4→4 at 8x8, bottleneck 4→8 and 8→8 at 4x4, the 2x2 transposed conv,
    /// decoder 8→4 and 4→4 at 8x8, and the 1x1 head.
    @Test func summaryCountsFlops() throws {
        var c = ModelConfig(.unet)
        c.base = 4; c.depth = 1
        let s = try makeModel(c).summary(height: 8, width: 8)
        let encoder: Int = 4 * 64 * 9 + 4 * 64 * 36 + 8 * 16 * 36 + 8 * 16 * 72
        let decoder: Int = 8 * 16 * 16 + 4 * 64 * 72 + 4 * 64 * 36 + 64 * 4
        #expect(s.flops == Double(2 * (encoder + decoder)))
        // Conv weights (no biases before a norm), norm weights and biases, the transposed
        // conv's weight and bias, and the head's weight and bias.
        let convWeights = 36 + 144 + 288 + 576 + 288 + 144
        let norms = 2 * (4 + 4 + 8 + 8 + 4 + 4)
        let upsample = 8 * 4 * 2 * 2 + 4
        #expect(s.parameters == convWeights + norms + upsample + 4 + 1)
        #expect(s.table.contains("parameters: \(s.parameters)"))
    }

    /// Checkpointed stages give the same gradients and the same batch-norm running
    /// statistics as the plain model (the recomputation must not update them again).
    /// With an EfficientNet encoder this also covers drop-connect: its masks must be redrawn
    /// identically in the recomputation.
    @Test(arguments: ["plain", "effnet-b0"])
    func checkpointingIsExact(_ encoder: String) throws {
        var c = ModelConfig(.unet)
        c.base = encoder == "plain" ? 4 : 8; c.depth = 2; c.seed = 3; c.dropout = 0.3; c.encoder = encoder
        var ck = c
        ck.gradientCheckpointing = true
        let plain = try makeModel(c), checkpointed = try makeModel(ck)
        var g = SeededGenerator(seed: 2)
        let x = Tensor(shape: [2, 1, 32, 32], data: (0..<2048).map { _ in Float(g.uniform()) })
        try plain(x).sum().backward()
        try checkpointed(x).sum().backward()
        for (a, b) in zip(plain.namedParameters(), checkpointed.namedParameters()) {
            for (u, v) in zip(a.tensor.grad!, b.tensor.grad!) { #expect(abs(u - v) <= 1e-4 * max(1, abs(u)), "\(a.name)") }
        }
        for (a, b) in zip(plain.namedBuffers(), checkpointed.namedBuffers()) {
            #expect(a.tensor.data == b.tensor.data, "\(a.name)")
        }
    }

    @Test func badConfigurationsAreRejected() {
        var c = ModelConfig(.unet)
        c.norm = "batchy"
        #expect(throws: ShapeError.self) { try makeModel(c) }
        c = ModelConfig(.resunet)
        c.encoder = "resnet50"
        #expect(throws: ShapeError.self) { try makeModel(c) }
        c = ModelConfig(.unet)
        for wrong in ["resnet34", "effnet-b7", "effnet"] {
            c.encoder = wrong
            #expect(throws: ShapeError.self, "\(wrong)") { try makeModel(c) }
        }
        let model = try? makeModel(ModelConfig(.unet))
        #expect(throws: ShapeError.self) { try model?.callAsFunction(Tensor(zeros: [1, 3, 16, 16])) }
    }

    /// Parameters of the EfficientNet encoder (stem and seven stages, without the classifier's
    /// 1x1 head conv) for three input channels, from a Python script that counts them by the
    /// block formulas (conv k·k·in·out, batch norm 2·c, squeeze-excitation 1x1 convs with
    /// biases through floor(in/4)). The same script plus torchvision's head (conv to 4× the last
    /// width, batch norm) and 1000-class classifier gives torchvision's published totals,
    /// 5,288,548 (B0), 7,794,184, 9,109,994, 12,233,232 and 19,341,616 (B4).
    @Test(arguments: [("effnet-b0", 32, 3, 3_595_388), ("effnet-b1", 32, 3, 6_101_024), ("effnet-b2", 32, 3, 7_202_562),
                      ("effnet-b3", 32, 3, 10_103_336), ("effnet-b4", 32, 3, 16_742_216), ("effnet-b0", 8, 1, 299_362)])
    func efficientNetParameterCount(_ encoder: String, _ base: Int, _ inChannels: Int, _ expected: Int) throws {
        var c = ModelConfig(.unet)
        c.encoder = encoder; c.base = base; c.inChannels = inChannels
        let model = try makeModel(c)
        let count = model.namedParameters().filter { $0.name.hasPrefix("encoder.") }.reduce(0) { $0 + $1.tensor.count }
        #expect(count == expected)
    }

    /// Names and shapes of B0 at full width are torchvision's `efficientnet_b0().features`
    /// state-dict keys under `encoder.` (stage 1 has no expansion, so its depthwise conv is
    /// block.0; squeeze-excitation squeezes to a quarter of the block input: 32/4, 16/4).
    @Test func efficientNetNamesFollowTorchvision() throws {
        var c = ModelConfig(.unet)
        c.encoder = "effnet-b0"; c.base = 32; c.inChannels = 3
        let shapes = Dictionary(uniqueKeysWithValues: try makeModel(c).namedParameters().map { ($0.name, $0.tensor.shape) })
        let expected: [(String, [Int])] = [
            ("encoder.features.0.0.weight", [32, 3, 3, 3]),
            ("encoder.features.0.1.weight", [32]),
            ("encoder.features.1.0.block.0.0.weight", [32, 1, 3, 3]),
            ("encoder.features.1.0.block.1.fc1.weight", [8, 32, 1, 1]),
            ("encoder.features.1.0.block.1.fc2.bias", [32]),
            ("encoder.features.1.0.block.2.0.weight", [16, 32, 1, 1]),
            ("encoder.features.2.0.block.0.0.weight", [96, 16, 1, 1]),
            ("encoder.features.2.0.block.1.0.weight", [96, 1, 3, 3]),
            ("encoder.features.2.0.block.2.fc1.weight", [4, 96, 1, 1]),
            ("encoder.features.3.1.block.1.0.weight", [240, 1, 5, 5]),
            ("encoder.features.6.3.block.3.1.bias", [192]),
            ("encoder.features.7.0.block.3.0.weight", [320, 1152, 1, 1]),
        ]
        for (name, shape) in expected { #expect(shapes[name] == shape, "\(name)") }
        #expect(shapes["encoder.features.8.0.weight"] == nil, "the classifier's head conv is not part of the encoder")
    }

    /// Drop-connect is active only in training and draws from the model's seed: consecutive
    /// training passes differ (nothing else in the network is random), two models built from
    /// the same seed agree pass for pass, and evaluation passes are equal.
    @Test func dropConnectIsSeededAndTrainingOnly() throws {
        var c = ModelConfig(.unet)
        c.encoder = "effnet-b0"; c.base = 8; c.seed = 4
        let a = try makeModel(c), b = try makeModel(c)
        let x = randomInput([4, 1, 32, 32], seed: 6)
        let (a1, a2) = try Autograd.withoutGradients { (try a(x).data, try a(x).data) }
        let (b1, b2) = try Autograd.withoutGradients { (try b(x).data, try b(x).data) }
        #expect(a1 != a2)
        #expect(a1 == b1 && a2 == b2)
        a.eval()
        #expect(try a(x).data == a(x).data)
    }

    /// The plain encoders keep the names their models always had.
    @Test func plainEncoderNamesAreUnchanged() throws {
        let expected: [ModelConfig.Architecture: [String]] = [
            .unet: ["down.0.conv1.weight", "down.1.norm2.running_var", "bottleneck.conv2.weight", "up.1.up.weight",
                    "decoder.0.conv1.weight", "head.bias"],
            .unetpp: ["x_0_0.conv1.weight", "x_2_0.norm2.weight", "up_1_0.up.weight", "x_1_1.conv1.weight",
                      "x_0_2.norm1.bias", "head.weight"],
            .resunet: ["encoder.conv1.weight", "encoder.bn1.running_mean", "encoder.layer1.2.conv2.weight",
                       "encoder.layer4.0.downsample.0.weight", "decoder.blocks.4.block.conv1.weight", "segmentation_head.weight"],
            .hyperunet: ["encoder.0.conv1.weight", "encoder.1.norm2.bias", "middle.conv.weight", "middle.res1.conv2.weight",
                         "decoder.1.hyper.0.weight", "decoder.0.fuse.weight", "head.weight"],
        ]
        for (arch, names) in expected {
            var c = ModelConfig(arch)
            c.base = 4; c.depth = 2
            let model = try makeModel(c)
            let all = Set(model.namedParameters().map(\.name) + model.namedBuffers().map(\.name))
            for name in names { #expect(all.contains(name), "\(arch): \(name)") }
        }
    }

    /// The language call prints the encoder when it is not the architecture's own, and no
    /// depth when the encoder fixes it.
    @Test func callNamesTheEncoder() {
        var c = ModelConfig(.unet)
        c.base = 8
        #expect(c.call == "unet(base=8, depth=4, norm=\"batch\")")
        c.encoder = "effnet-b3"
        #expect(c.call == "unet(base=8, norm=\"batch\", encoder=\"effnet-b3\")")
        #expect(c.levels == 5)
        var r = ModelConfig(.resunet)
        r.encoder = "effnet-b0"
        #expect(r.call == "resunet(base=16, norm=\"batch\", encoder=\"effnet-b0\")")
    }

    private func randomInput(_ shape: [Int], seed: UInt64) -> Tensor {
        var g = SeededGenerator(seed: seed)
        return Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in Float(g.uniform()) })
    }
}

extension ModelConfig: CustomTestStringConvertible {
    public var testDescription: String { call }
}

/// Configurations stored in checkpoints and weight files before a field existed still read.
@Suite struct ModelConfigDecodingTests {
    /// The JSON the previous release wrote for `resunet(base=8, encoder="resnet18", seed=3)`,
    /// with every field it had and none added since (decoder widths, normalisation, the
    /// classifier head): the missing ones take the defaults of a fresh configuration.
    @Test func aConfigurationWithoutTheNewerFieldsReadsWithTheirDefaults() throws {
        let old = """
            {"architecture":"resunet","depth":4,"base":8,"norm":"batch","activation":"relu","slope":0.01,
             "upsampling":"transpose","dropout":0,"encoder":"resnet18","attention":false,"deepSupervision":false,
             "inChannels":1,"gradientCheckpointing":false,"seed":3}
            """
        let read = try JSONDecoder().decode(ModelConfig.self, from: Data(old.utf8))
        var expected = ModelConfig(.resunet)
        expected.base = 8
        expected.encoder = "resnet18"
        expected.seed = 3
        #expect(read == expected)
        #expect(read.normalize == "none" && read.classifierDropout == nil)
    }

    /// Every field written is read back.
    @Test func everyFieldRoundTrips() throws {
        var c = ModelConfig(.smpunet)
        c.encoder = "resnet18"
        c.decoderChannels = [32, 16, 16, 16, 16]
        c.attention = true
        c.classifierDropout = 0.3
        c.gradientCheckpointing = true
        c.inChannels = 3
        c.seed = 11
        #expect(try JSONDecoder().decode(ModelConfig.self, from: JSONEncoder().encode(c)) == c)
    }
}
