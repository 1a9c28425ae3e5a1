import Testing
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
        return configs + [attention, supervised, variants]
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
            #expect(heads.count == (config.deepSupervision ? config.depth : 1))
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
    @Test func checkpointingIsExact() throws {
        var c = ModelConfig(.unet)
        c.base = 4; c.depth = 2; c.seed = 3; c.dropout = 0.3
        var ck = c
        ck.gradientCheckpointing = true
        let plain = try makeModel(c), checkpointed = try makeModel(ck)
        var g = SeededGenerator(seed: 2)
        let x = Tensor(shape: [2, 1, 16, 16], data: (0..<512).map { _ in Float(g.uniform()) })
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
        let model = try? makeModel(ModelConfig(.unet))
        #expect(throws: ShapeError.self) { try model?.callAsFunction(Tensor(zeros: [1, 3, 16, 16])) }
    }
}

extension ModelConfig: CustomTestStringConvertible {
    public var testDescription: String { call }
}
