import Testing
import Tensor

/// The inference convolution with its bias and activation fused into the output against the
/// separate ops it replaces, on each kernel path: Winograd (3x3 "same", 8+ channels, bias and
/// activation inside the output transform), im2col + GEMM (1x1, strided, few channels) and
/// depthwise, for every activation.
@Suite struct FusedConvTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let input: [Int], weight: [Int]
        let stride: Int, padding: Int, groups: Int
        var testDescription: String { name }
    }

    static let cases = [
        Case(name: "winograd", input: [2, 8, 13, 10], weight: [9, 8, 3, 3], stride: 1, padding: 1, groups: 1),
        Case(name: "im2col 3x3 stride 2", input: [2, 5, 13, 10], weight: [6, 5, 3, 3], stride: 2, padding: 1, groups: 1),
        Case(name: "1x1", input: [3, 12, 7, 5], weight: [4, 12, 1, 1], stride: 1, padding: 0, groups: 1),
        Case(name: "grouped", input: [2, 8, 9, 9], weight: [8, 4, 3, 3], stride: 1, padding: 1, groups: 2),
        Case(name: "depthwise", input: [2, 6, 11, 9], weight: [6, 1, 5, 5], stride: 2, padding: 2, groups: 6),
    ]
    static let activations: [OutputActivation] = [.identity, .relu, .leakyRelu(0.1), .silu]

    private func unfused(_ y: Tensor, _ activation: OutputActivation) -> Tensor {
        switch activation {
        case .identity: y
        case .relu: y.relu()
        case .leakyRelu(let a): y.leakyRelu(slope: a)
        case .silu: y.silu()
        }
    }

    @Test(arguments: cases)
    func matchesTheSeparateOps(_ c: Case) throws {
        let x = randomTensor(c.input, seed: 31)
        let w = randomTensor(c.weight, seed: 32, -0.4, 0.4)
        let bias = randomTensor([c.weight[0]], seed: 33)
        for activation in Self.activations {
            for b in [bias, nil] {
                let (fused, reference) = try Autograd.withoutGradients {
                    (try x.conv2d(w, bias: b, stride: Spatial(c.stride, c.stride), padding: Spatial(c.padding, c.padding),
                                  groups: c.groups, activation: activation),
                     unfused(try x.conv2d(w, bias: b, stride: Spatial(c.stride, c.stride),
                                          padding: Spatial(c.padding, c.padding), groups: c.groups), activation))
                }
                #expect(fused.shape == reference.shape)
                // The same arithmetic in the same order: equal to the last bit.
                #expect(fused.data == reference.data, "\(activation), bias \(b != nil)")
            }
        }
    }

    /// When a tape is recording, the fused call is the composition, so gradients still flow.
    @Test func recordsAGradientWhenOneIsNeeded() throws {
        let x = randomTensor([1, 8, 6, 6], seed: 41)
        let w = randomTensor([8, 8, 3, 3], seed: 42, -0.4, 0.4)
        w.requiresGrad = true
        let y = try x.conv2d(w, bias: nil, padding: 1, activation: .relu)
        try y.sum().backward()
        let positive = y.data.filter { $0 > 0 }.count
        #expect(positive > 0)
        #expect(w.grad != nil && w.grad!.contains { $0 != 0 })
    }

    @Test func rejectsOperandsThatDoNotFit() {
        let x = randomTensor([1, 3, 6, 6], seed: 43)
        #expect(throws: ShapeError.self) {
            try Autograd.withoutGradients { try x.conv2d(randomTensor([4, 2, 3, 3], seed: 44), bias: nil, activation: .relu) }
        }
    }

    /// Every change to a tensor's values moves its version, which is how values derived
    /// from several tensors (folded batch norms) notice they are stale.
    @Test func versionCountsChanges() {
        let t = Tensor(zeros: [4])
        let v0 = t.version
        t.data[2] = 1
        #expect(t.version == v0 + 1)
        t.data.withUnsafeMutableBufferPointer { $0[0] = 3 }
        #expect(t.version == v0 + 2)
        t.data = [1, 2, 3, 4]
        #expect(t.version == v0 + 3)
    }
}
