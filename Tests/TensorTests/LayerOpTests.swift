import Testing
import Core
import Tensor

@Suite struct LayerOpTests {
    /// Each 2x2 window's gradient goes to its maximum only.
    @Test func maxPoolRoutesToArgmax() throws {
        let x = Tensor(shape: [1, 1, 4, 4], data: [1, 5, 2, 0,
                                                   3, 4, 8, 1,
                                                   0, 0, 1, 1,
                                                   9, 2, 1, 7], requiresGrad: true)
        let y = try x.maxPool2d(kernel: 2)
        #expect(y.data == [5, 8, 9, 7])
        try (y * Tensor(shape: [1, 1, 2, 2], data: [1, 2, 3, 4])).sum().backward()
        #expect(x.grad! == [0, 1, 0, 0,
                            0, 0, 2, 0,
                            0, 0, 0, 0,
                            3, 0, 0, 4])
    }

    /// A tied window sends its gradient to its first maximum (row-major), as PyTorch does, and
    /// an odd row and column past the last whole window are left out.
    @Test func maxPoolTiesAndOddEdges() throws {
        let x = Tensor(shape: [1, 1, 3, 5], data: [2, 2, 0, 6, 9,
                                                   2, 2, 6, 1, 9,
                                                   9, 9, 9, 9, 9], requiresGrad: true)
        let y = try x.maxPool2d(kernel: 2)
        #expect(y.shape == [1, 1, 1, 2] && y.data == [2, 6])
        try (y * Tensor(shape: [1, 1, 1, 2], data: [1, 2])).sum().backward()
        #expect(x.grad! == [1, 0, 0, 2, 0,
                            0, 0, 0, 0, 0,
                            0, 0, 0, 0, 0])
    }

    @Test func avgPoolAndGlobal() throws {
        let x = Tensor(shape: [1, 1, 2, 4], data: [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(try x.avgPool2d(kernel: 2).data == [3.5, 5.5])
        #expect(try x.globalAvgPool2d().data == [4.5])
        // Padding counts in the divisor: the corner window holds 1 only, divided by 4.
        #expect(try Tensor(shape: [1, 1, 1, 1], data: [4]).avgPool2d(kernel: 2, stride: 1, padding: 1).data == [1, 1, 1, 1])
        try checkGradients([randomTensor([2, 2, 5, 4], seed: 1)]) { try $0[0].avgPool2d(kernel: 3, stride: 2, padding: 1) }
        try checkGradients([randomTensor([1, 2, 4, 4], seed: 2)]) { try $0[0].maxPool2d(kernel: 2) }
    }

    /// PyTorch's F.interpolate(x, size=(4, 4), mode="bilinear", align_corners=False).
    @Test func bilinearMatchesPyTorch() throws {
        let x = Tensor(shape: [1, 1, 2, 2], data: [1, 2, 3, 4])
        let y = try x.upsampled(scale: 2, mode: .bilinear)
        #expect(y.data == [1.0, 1.25, 1.75, 2.0,
                           1.5, 1.75, 2.25, 2.5,
                           2.5, 2.75, 3.25, 3.5,
                           3.0, 3.25, 3.75, 4.0])
        #expect(try x.upsampled(scale: 2).data == [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
        try checkGradients([randomTensor([1, 2, 3, 2], seed: 3)]) { try $0[0].upsampled(height: 7, width: 5, mode: .bilinear) }
        try checkGradients([randomTensor([1, 1, 3, 3], seed: 4)]) { try $0[0].upsampled(height: 2, width: 5) }
    }

    /// Batch [1, 2, 3, 4] in one channel: mean 2.5, biased variance 1.25, unbiased 5/3.
    @Test func batchNormTrainThenEval() throws {
        let x = Tensor(shape: [2, 1, 1, 2], data: [1, 2, 3, 4])
        let stats = RunningStatistics(channels: 1)
        let y = try x.batchNorm2d(weight: nil, bias: nil, running: stats, training: true)
        let s = (1.25 + 1e-5 as Float).squareRoot()
        for (got, v) in zip(y.data, [1, 2, 3, 4] as [Float]) { #expect(abs(got - (v - 2.5) / s) < 1e-5) }
        #expect(abs(stats.mean.data[0] - 0.25) < 1e-6)
        #expect(abs(stats.variance.data[0] - (0.9 + 0.1 * 5 / 3)) < 1e-6)
        let e = try x.batchNorm2d(weight: Tensor(shape: [1], data: [2]), bias: Tensor(shape: [1], data: [1]),
                                  running: stats, training: false)
        let se = (stats.variance.data[0] + 1e-5).squareRoot()
        for (got, v) in zip(e.data, [1, 2, 3, 4] as [Float]) { #expect(abs(got - (2 * (v - 0.25) / se + 1)) < 1e-5) }
    }

    /// A smaller step than the default keeps the fused ReLU's kink out of the differences.
    @Test func normalizationGradients() throws {
        for act in [FusedActivation.identity, .relu, .leakyRelu(0.1)] {
            try checkGradients([randomTensor([3, 2, 3, 2], seed: 5), randomTensor([2], seed: 6), randomTensor([2], seed: 7)], eps: 1e-3) { t in
                try t[0].batchNorm2d(weight: t[1], bias: t[2], running: nil, training: true, activation: act)
            }
            try checkGradients([randomTensor([2, 4, 2, 3], seed: 8), randomTensor([4], seed: 9), randomTensor([4], seed: 10)], eps: 1e-3) { t in
                try t[0].groupNorm(groups: 2, weight: t[1], bias: t[2], activation: act)
            }
        }
        let stats = RunningStatistics(channels: 2)
        try checkGradients([randomTensor([2, 2, 2, 2], seed: 11), randomTensor([2], seed: 12)]) { t in
            try t[0].batchNorm2d(weight: t[1], bias: nil, running: stats, training: false)
        }
        try checkGradients([randomTensor([2, 3, 3, 3], seed: 13)]) { try $0[0].instanceNorm(weight: nil, bias: nil) }
    }

    /// Group norm with one group equals normalising each sample over everything.
    @Test func groupNormStatistics() throws {
        let x = Tensor(shape: [1, 2, 1, 2], data: [1, 2, 3, 4])
        let y = try x.groupNorm(groups: 1, weight: nil, bias: nil)
        let s = (1.25 + 1e-5 as Float).squareRoot()
        for (got, v) in zip(y.data, [1, 2, 3, 4] as [Float]) { #expect(abs(got - (v - 2.5) / s) < 1e-5) }
        #expect(throws: ShapeError.self) { try x.groupNorm(groups: 3, weight: nil, bias: nil) }
    }

    /// A large offset next to a small spread (values 1000 + [0, 0.01, ...]) must not cancel
    /// in the variance: the statistics are taken about a pivot.
    @Test func normalizationStatisticsSurviveLargeOffsets() throws {
        let values = (0..<1000).map { 1000 + Float($0 % 10) * 0.01 }
        let x = Tensor(shape: [1, 1, 10, 100], data: values)
        let y = try x.groupNorm(groups: 1, weight: nil, bias: nil, eps: 0)
        // Ten evenly spaced levels 0..0.09 (step 0.01): mean 0.045, variance 0.000825.
        let sd = Float(0.000825).squareRoot()
        for (got, v) in zip(y.data, values) { #expect(abs(got - (v - 1000.045) / sd) < 2e-2) }
    }

    @Test func dropoutIsSeededAndScaled() throws {
        let x = Tensor(repeating: 1, shape: [10_000])
        var g1 = SeededGenerator(seed: 3), g2 = SeededGenerator(seed: 3)
        let a = try x.dropout(0.25, generator: &g1), b = try x.dropout(0.25, generator: &g2)
        #expect(a.data == b.data)
        #expect(Set(a.data) == [0, Float(4) / 3])
        let kept = a.data.filter { $0 > 0 }.count
        #expect(abs(Double(kept) / 10_000 - 0.75) < 0.02)
    }

    @Test func orderingOps() throws {
        let x = Tensor(shape: [5], data: [0.3, -1, 2, 0.3, 1])
        #expect(x.argsort(descending: true) == [2, 4, 0, 3, 1])
        #expect(try x.sorted().data == [-1, 0.3, 0.3, 1, 2])
        #expect(try x.cumsum().data == [0.3, -0.7, 1.3, 1.6, 2.6].map { Float($0) })
        try checkGradients([randomTensor([6], seed: 14)]) { try $0[0].gather([5, 0, 0, 3]) }
        try checkGradients([randomTensor([2, 4], seed: 15)]) { try $0[0].cumsum() }
        #expect(throws: ShapeError.self) { try x.gather([5]) }
    }

    @Test func moduleNamesAndModes() {
        final class Block: Module {
            override init() {
                super.init()
                parameter("weight", Tensor(zeros: [2, 2]))
                buffer("running_mean", Tensor(zeros: [2]))
            }
        }
        final class Net: Module {
            override init() {
                super.init()
                let encoder = child("encoder", Module())
                encoder.child("0", Block())
                encoder.child("1", Block())
                parameter("head", Tensor(zeros: [3]))
            }
        }
        let net = Net()
        #expect(net.namedParameters().map(\.name) == ["head", "encoder.0.weight", "encoder.1.weight"])
        #expect(net.namedBuffers().map(\.name) == ["encoder.0.running_mean", "encoder.1.running_mean"])
        #expect(net.parameterCount == 11)
        net.eval()
        #expect(!net.children[0].module.children[1].module.isTraining)
    }

    @Test func kaimingHasTheRightSpread() {
        var g = SeededGenerator(seed: 1)
        let w = Initializer.kaimingNormal([64, 32, 3, 3], fanIn: 288, generator: &g)
        let variance = w.data.reduce(0) { $0 + Double($1 * $1) } / Double(w.count)
        #expect(abs(variance - 2.0 / 288) / (2.0 / 288) < 0.05)
        let u = Initializer.kaimingUniform([16, 8], fanIn: 8, generator: &g)
        #expect(u.data.allSatisfy { abs($0) <= 1 / Float(8).squareRoot() })
    }

    @Test func backwardReleasesTheTapeAndAccumulates() throws {
        let w = Tensor(shape: [2], data: [1, 2], requiresGrad: true)
        let y = (w * 3).sum()
        try y.backward()
        #expect(w.grad! == [3, 3])
        try (w * 2).sum().backward()
        #expect(w.grad! == [5, 5])  // accumulated
        #expect(!y.hasHistory)
        let z = Autograd.withoutGradients { (w * 2).sum() }
        #expect(!z.requiresGrad)
        #expect(throws: ShapeError.self) { try z.backward() }
    }
}
