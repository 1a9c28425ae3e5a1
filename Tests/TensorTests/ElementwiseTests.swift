import Foundation
import Testing
import Tensor

@Suite struct ElementwiseTests {
    @Test func unaryGradients() throws {
        let x = randomTensor([3, 4], seed: 1)
        try checkGradients([x]) { $0[0].exp() }
        try checkGradients([randomTensor([3, 4], seed: 2, 0.5, 2)]) { $0[0].log() }
        try checkGradients([randomTensor([3, 4], seed: 3, 0.5, 2)]) { $0[0].sqrt() }
        try checkGradients([randomTensor([3, 4], seed: 4, 0.5, 2)]) { $0[0].pow(2.5) }
        // Kinks (0 for abs; ±0.5 for the clamp) are kept farther than eps from every input.
        let awayFromKinks = Tensor(shape: [2, 4], data: [-0.9, -0.6, -0.3, -0.1, 0.1, 0.3, 0.7, 1.2])
        try checkGradients([awayFromKinks]) { $0[0].abs() }
        try checkGradients([awayFromKinks]) { $0[0].clamp(min: -0.5, max: 0.5) }
        let functions: [(Tensor) -> Tensor] = [
            { $0.sigmoid() }, { $0.logSigmoid() }, { $0.softplus() }, { $0.tanh() }, { $0.relu() },
            { $0.leakyRelu(slope: 0.1) }, { $0.silu() }, { $0.elu() }, { -$0 },
        ]
        for (k, f) in functions.enumerated() {
            try checkGradients([randomTensor([2, 5], seed: UInt64(10 + k), -3, 3)]) { f($0[0]) }
        }
    }

    /// The stable forms agree with the textbook ones where both are finite, and stay
    /// finite where the textbook ones overflow.
    @Test func stableForms() {
        let x = Tensor(shape: [5], data: [-100, -2, 0, 2, 100])
        let ls = x.logSigmoid().data, sp = x.softplus().data, s = x.sigmoid().data
        #expect(abs(ls[1] - Float(log(1 / (1 + exp(2.0))))) < 1e-6)
        #expect(abs(sp[3] - Float(log(1 + exp(2.0)))) < 1e-6)
        #expect(ls[0] == -100 && sp[4] == 100 && s[0] >= 0 && s[4] == 1)
        #expect(ls.allSatisfy(\.isFinite) && sp.allSatisfy(\.isFinite))
    }

    @Test func broadcastingArithmetic() throws {
        let a = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        let row = Tensor(shape: [3], data: [10, 20, 30])
        let col = Tensor(shape: [2, 1], data: [100, 200])
        #expect(try (a + row).data == [11, 22, 33, 14, 25, 36])
        #expect(try (a * col).data == [100, 200, 300, 800, 1000, 1200])
        #expect(try (a - Tensor(2)).data == [-1, 0, 1, 2, 3, 4])
        #expect(try (Tensor(12) / a).data == [12, 6, 4, 3, 2.4, 2])
        try checkGradients([randomTensor([2, 3], seed: 1), randomTensor([3], seed: 2, 0.5, 1.5)]) { try $0[0] / $0[1] }
        try checkGradients([randomTensor([2, 3, 2, 2], seed: 3), randomTensor([1, 3, 1, 1], seed: 4)]) { try $0[0] * $0[1] }
        try checkGradients([randomTensor([], seed: 5), randomTensor([2, 2], seed: 6)]) { try $0[0] - $0[1] }
    }

    @Test func broadcastErrorNamesShapes() {
        let a = Tensor(zeros: [2, 3]), b = Tensor(zeros: [4])
        do {
            _ = try a + b
            Issue.record("expected a shape error")
        } catch {
            #expect("\(error)" == "add: shapes [2, 3] and [4] do not broadcast (dimension 1: 3 vs 4)")
        }
    }

    @Test func reductions() throws {
        let a = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        #expect(a.sum().item == 21)
        #expect(a.mean().item == 3.5)
        #expect(try a.sum(axes: [0]).data == [5, 7, 9])
        #expect(try a.sum(axes: [-1], keepDims: true).shape == [2, 1])
        #expect(try a.mean(axes: [1]).data == [2, 5])
        try checkGradients([randomTensor([2, 3, 4], seed: 7)]) { try $0[0].sum(axes: [0, 2]) }
        try checkGradients([randomTensor([2, 3, 4], seed: 8)]) { try $0[0].mean(axes: [1], keepDims: true) }
        #expect(throws: ShapeError.self) { try a.sum(axes: [2]) }
    }

    @Test func matmul() throws {
        let a = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3, 2], data: [7, 8, 9, 10, 11, 12])
        #expect(try a.matmul(b).data == [58, 64, 139, 154])
        try checkGradients([randomTensor([3, 4], seed: 9), randomTensor([4, 2], seed: 10)]) { try $0[0].matmul($0[1]) }
        #expect(throws: ShapeError.self) { try a.matmul(a) }
    }

    @Test func shapeOps() throws {
        let a = Tensor(shape: [1, 2, 2, 2], data: (1...8).map(Float.init))
        let b = Tensor(shape: [1, 1, 2, 2], data: [9, 10, 11, 12])
        #expect(try Tensor.concat([a, b], axis: 1).data == (1...12).map(Float.init))
        #expect(try a.slice(axis: 1, 1..<2).data == [5, 6, 7, 8])
        #expect(try b.padded2d(top: 1, bottom: 0, left: 0, right: 1).data == [0, 0, 0, 9, 10, 0, 11, 12, 0])
        #expect(try b.padded2d(top: 0, bottom: -1, left: -1, right: 0).data == [10])
        #expect(try a.reshaped([2, -1]).shape == [2, 4])
        try checkGradients([randomTensor([2, 2, 3], seed: 11), randomTensor([2, 1, 3], seed: 12)]) {
            try Tensor.concat($0, axis: 1)
        }
        try checkGradients([randomTensor([1, 2, 3, 3], seed: 13)]) { try $0[0].padded2d(top: 1, bottom: -1, left: 2, right: 0) }
        try checkGradients([randomTensor([3, 4], seed: 14)]) { try $0[0].slice(axis: 0, 1..<3).reshaped([8]) }
        #expect(throws: ShapeError.self) { try a.reshaped([3, -1]) }
        #expect(throws: ShapeError.self) { try Tensor.concat([a, Tensor(zeros: [1, 1, 3, 2])]) }
    }
}
