import Lang
import Tensor
import Testing

@Suite struct TensorBindingTests {
    @Test func tensorsPrintTheirShapeAndValues() {
        let h = Harness()
        #expect(h.run("tensor([[1, 2], [3, 4]])") == "tensor [2, 2] [1, 2, 3, 4]")
        #expect(h.run("tensor(0..6, shape=[2, 3]).shape") == "[2, 3]")
        #expect(h.run("t = tensor([[1, 2], [3, 4]]); t[1]") == "tensor [2] [3, 4]")
        #expect(h.fail("tensor([[1, 2], [3]])").contains("not rectangular"))
        #expect(h.fail("tensor([1, [2]])").contains("not rectangular"))
    }

    @Test func arithmeticBroadcastsNumbersAndGoesThroughTheEngine() {
        let h = Harness()
        h.run("a = tensor([1, 2, 3]); b = tensor([4, 5, 6])")
        #expect(h.run("a + b") == "tensor [3] [5, 7, 9]")
        #expect(h.run("1 - a") == "tensor [3] [0, -1, -2]")
        #expect(h.run("6 / a") == "tensor [3] [6, 3, 2]")
        #expect(h.run("a ^ 2") == "tensor [3] [1, 4, 9]")
        #expect(h.run("-a * 2") == "tensor [3] [-2, -4, -6]")
        #expect(h.run("sum(a * b).item") == "32")
        #expect(h.run("mean(a).item") == "2")
        #expect(h.fail("a + tensor([1, 2])").contains("add"))
    }

    @Test func aUserLossHasTheGradientOfItsFormula() throws {
        // Soft Dice 1 - 2 sum(p y) / (sum(p) + sum(y)); its gradient by the quotient rule:
        // d/dp_i = -(2 y_i (S) - 2 I) / S^2 with I = sum(p y), S = sum(p) + sum(y).
        let h = Harness()
        h.run("fn soft_dice(p, y) = 1 - 2 * sum(p * y) / (sum(p) + sum(y))")
        h.run("p = tensor([0.2, 0.9, 0.6, 0.1]); y = tensor([0, 1, 1, 0])")
        let p: [Double] = [0.2, 0.9, 0.6, 0.1], y: [Double] = [0, 1, 1, 0]
        let i = zip(p, y).map(*).reduce(0, +), s = p.reduce(0, +) + y.reduce(0, +)
        #expect(abs((Double(h.run("soft_dice(p, y).item")) ?? .nan) - (1 - 2 * i / s)) < 1e-6)
        h.run("g = grad(soft_dice, p, y)")
        guard case .object(let g as TensorObject)? = h.session.variables["g"] else {
            Issue.record("grad gave no tensor")
            return
        }
        let expected = y.map { -(2 * $0 * s - 2 * i) / (s * s) }
        for (a, b) in zip(g.tensor.data, expected) { #expect(abs(Double(a) - b) < 1e-5) }
    }

    @Test func aUserLossIsAnEngineFunctionWhoseGradientMatchesFiniteDifferences() throws {
        let h = Harness()
        h.run("fn my_focal(p, y, g=2) = mean(-(y * (1 - p) ^ g * log(p) + (1 - y) * p ^ g * log(1 - p)))")
        guard case .function(let myFocal)? = h.session.variables["my_focal"] else {
            Issue.record("my_focal is not a function")
            return
        }
        let loss = h.session.tensorFunction(myFocal)
        let values: [Float] = [0.3, 0.8, 0.55]
        let target = Tensor(shape: [3], data: [0, 1, 1])
        let p = Tensor(shape: [3], data: values, requiresGrad: true)
        try loss(p, target).backward()
        let gradient = try #require(p.grad)
        let step: Float = 1e-3
        for k in 0..<3 {
            var up = values, down = values
            up[k] += step
            down[k] -= step
            let numeric = (try loss(Tensor(shape: [3], data: up), target).item
                           - loss(Tensor(shape: [3], data: down), target).item) / (2 * step)
            #expect(abs(numeric - gradient[k]) < 2e-3, "component \(k): \(numeric) vs \(gradient[k])")
        }
    }

    @Test func randomTensorsFollowTheSessionSeed() {
        let a = Harness(seed: 9), b = Harness(seed: 9)
        #expect(a.run("rand([2, 2])") == b.run("rand([2, 2])"))
        #expect(a.run("randn([3], seed=4)") == b.run("randn([3], seed=4)"))
        #expect(a.run("rand([3])") != a.run("rand([3])"))
    }
}
