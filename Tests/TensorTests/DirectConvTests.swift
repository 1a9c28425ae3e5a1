import TestSupport
import Testing
import Tensor

/// The direct depthwise kernel (groups = input channels) against independent results:
/// a hand-worked case, the im2col + GEMM path on an equivalent dense weight, and finite
/// differences.
@Suite struct DirectConvTests {
    /// One depthwise setting: input [n, c, h, w], `multiplier` outputs per input channel.
    struct Setting: CustomTestStringConvertible, Sendable {
        var n = 2, c = 3, h = 7, w = 6, multiplier = 1
        var kernel = Spatial(3, 3), stride: Spatial = 1, padding: Spatial = 1, dilation: Spatial = 1
        var bias = true
        var testDescription: String {
            "[\(n), \(c), \(h), \(w)] ×\(multiplier) k\(kernel) s\(stride) p\(padding) d\(dilation)\(bias ? " bias" : "")"
        }
    }

    static let settings: [Setting] = [
        Setting(),
        Setting(h: 9, w: 8, kernel: Spatial(5, 5), stride: 2, padding: 2),
        Setting(c: 4, h: 8, w: 7, kernel: Spatial(3, 3), padding: 2, dilation: 2, bias: false),
        Setting(n: 1, c: 2, h: 6, w: 9, multiplier: 2, kernel: Spatial(3, 5), stride: Spatial(2, 1), padding: Spatial(1, 2)),
        Setting(n: 3, c: 2, h: 5, w: 5, kernel: Spatial(2, 2), stride: Spatial(1, 3), padding: 0),
        Setting(n: 1, c: 5, h: 4, w: 4, kernel: Spatial(5, 5), stride: 3, padding: 3, bias: false),
    ]

    /// Channel 0: the 2x2 kernel [[1, 2], [3, 4]] on 1...9 (hand-summed windows, as in
    /// ConvTests.valid2x2); channel 1: the kernel [[0, 0], [0, -1]] picks minus the
    /// bottom-right pixel of each window, plus the bias 0.5.
    @Test func handWorkedTwoChannels() throws {
        let x = Tensor(shape: [1, 2, 3, 3], data: (1...9).map(Float.init) + (11...19).map(Float.init))
        let w = Tensor(shape: [2, 1, 2, 2], data: [1, 2, 3, 4, 0, 0, 0, -1])
        let y = try x.conv2d(w, bias: Tensor(shape: [2], data: [0, 0.5]), groups: 2)
        #expect(y.shape == [1, 2, 2, 2])
        #expect(y.data == [37, 47, 67, 77, -14.5, -15.5, -17.5, -18.5])
    }

    /// Forward values and every gradient equal those of a groups=1 convolution whose dense
    /// weight [c·m, c, kh, kw] holds each depthwise filter on its own input channel and zeros
    /// elsewhere (that convolution runs through im2col + GEMM).
    @Test(arguments: settings)
    func matchesLoweredDenseConvolution(_ s: Setting) throws {
        let o = s.c * s.multiplier, taps = s.kernel.h * s.kernel.w
        let x = randomTensor([s.n, s.c, s.h, s.w], seed: 11)
        let w = randomTensor([o, 1, s.kernel.h, s.kernel.w], seed: 12)
        let b = s.bias ? randomTensor([o], seed: 13) : nil
        var denseData = [Float](repeating: 0, count: o * s.c * taps)
        for out in 0..<o {
            let from = out / s.multiplier
            for t in 0..<taps { denseData[(out * s.c + from) * taps + t] = w.data[out * taps + t] }
        }
        let dense = Tensor(shape: [o, s.c, s.kernel.h, s.kernel.w], data: denseData)
        let bDense = b.map { Tensor(shape: $0.shape, data: $0.data) }
        let xDense = Tensor(shape: x.shape, data: x.data)
        for t in [x, w, xDense, dense] + [b, bDense].compactMap({ $0 }) { t.requiresGrad = true }

        let y = try x.conv2d(w, bias: b, stride: s.stride, padding: s.padding, dilation: s.dilation, groups: s.c)
        let yDense = try xDense.conv2d(dense, bias: bDense, stride: s.stride, padding: s.padding, dilation: s.dilation)
        #expect(y.shape == yDense.shape)
        expectClose(y.data, yDense.data, tolerance: 1e-5, "forward")

        let r = randomTensor(y.shape, seed: 14)
        try (y * r).sum().backward()
        try (yDense * r).sum().backward()
        expectClose(x.grad!, xDense.grad!, tolerance: 1e-5, "input gradient")
        let denseDiagonal = (0..<(o * taps)).map { i in
            dense.grad![((i / taps) * s.c + (i / taps) / s.multiplier) * taps + i % taps]
        }
        expectClose(w.grad!, denseDiagonal, tolerance: 1e-5, "weight gradient")
        if let b, let bDense { expectClose(b.grad!, bDense.grad!, tolerance: 1e-5, "bias gradient") }
    }

    /// Reverse-mode gradients of input, weight and bias against central differences.
    @Test(arguments: [settings[1], settings[3], settings[5]])
    func finiteDifferences(_ s: Setting) throws {
        let x = randomTensor([s.n, s.c, s.h, s.w], seed: 21)
        let w = randomTensor([s.c * s.multiplier, 1, s.kernel.h, s.kernel.w], seed: 22)
        let b = randomTensor([s.c * s.multiplier], seed: 23)
        try checkGradients([x, w, b]) { t in
            try t[0].conv2d(t[1], bias: t[2], stride: s.stride, padding: s.padding, dilation: s.dilation, groups: s.c)
        }
    }

    /// A depthwise kernel that does not fit its input is a shape error, as on the general path.
    @Test func kernelLargerThanInputThrows() {
        let x = Tensor(zeros: [1, 2, 3, 3])
        let w = Tensor(zeros: [2, 1, 5, 5])
        #expect(throws: ShapeError.self) { try x.conv2d(w, groups: 2) }
    }
}
