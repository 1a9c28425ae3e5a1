import Foundation
import Lang
import Segmentation
import Tensor
import TestSupport
import Testing

/// Losses as callable values: `L(z, t)`, `grad(L, z, t)`, `dice(z, t)`, and the Lovász hinge
/// written in the language with `argsort`, `take` and `cumsum`.
@Suite struct LossValueTests {
    // Two 2x2 images, [2, 1, 2, 2]; the second has an empty mask.
    static let logits: [Double] = [2, -1, 0.5, -3, 0.25, 1.5, -0.75, -2]
    static let target: [Double] = [1, 0, 1, 0, 0, 0, 0, 0]
    static let setup = "z = tensor([[[[2, -1], [0.5, -3]]], [[[0.25, 1.5], [-0.75, -2]]]])\n"
        + "t = tensor([[[[1, 0], [1, 0]]], [[[0, 0], [0, 0]]]])"

    // The losses by their textbook formulas, in Float64.
    static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
    static func bce(_ z: [Double], _ t: [Double]) -> Double {
        zip(z, t).map { x, y in max(x, 0) - x * y + log1p(exp(-abs(x))) }.reduce(0, +) / Double(z.count)
    }
    static func dice(_ z: [Double], _ t: [Double], smooth: Double = 0) -> Double {
        let p = z.map(sigmoid)
        let intersection = zip(p, t).map(*).reduce(0, +)
        return 1 - (2 * intersection + smooth) / (p.reduce(0, +) + t.reduce(0, +) + smooth)
    }
    static func meanSquare(_ z: [Double], _ t: [Double]) -> Double {
        zip(z, t).map { x, y in (sigmoid(x) - y) * (sigmoid(x) - y) }.reduce(0, +) / Double(z.count)
    }

    /// Central differences of `f` at `z`, in Float64 (step 1e-5: error ~1e-10).
    static func numericGradient(_ f: ([Double]) -> Double, at z: [Double]) -> [Double] {
        z.indices.map { i in
            var up = z, down = z
            up[i] += 1e-5
            down[i] -= 1e-5
            return (f(up) - f(down)) / 2e-5
        }
    }

    /// The values of the tensor variable `name`.
    static func values(_ h: Harness, _ name: String) throws -> [Double] {
        guard case .object(let t as TensorObject)? = h.session.variables[name] else {
            throw LangError("`\(name)` is not a tensor")
        }
        return t.tensor.data.map(Double.init)
    }

    @Test func aWeightedSumOfLossesIsCallable() throws {
        let h = Harness()
        h.run(Self.setup)
        h.run("v = (bce + 0.5*dice)(z, t); L = 3*bce + dice; w = L(z, t)")
        let (z, t) = (Self.logits, Self.target)
        #expect(try Self.values(h, "v")[0].distance(to: Self.bce(z, t) + 0.5 * Self.dice(z, t)).magnitude < 1e-6)
        #expect(try Self.values(h, "w")[0].distance(to: 3 * Self.bce(z, t) + Self.dice(z, t)).magnitude < 1e-6)
        // The same number as the engine's loss called directly.
        let engine = try (3 * BinaryCrossEntropy() + DiceLoss())(Tensor(shape: [2, 1, 2, 2], data: z.map(Float.init)),
                                                                  Tensor(shape: [2, 1, 2, 2], data: t.map(Float.init)))
        #expect(try Self.values(h, "w")[0] == Double(engine.item))
        #expect(h.run("(bce + dice)(z, t).shape") == "[]")
    }

    @Test func gradOfALossValueMatchesFiniteDifferences() throws {
        let h = Harness()
        h.run(Self.setup)
        h.run("g = grad(bce + 0.5*dice, z, t)")
        let expected = Self.numericGradient({ Self.bce($0, Self.target) + 0.5 * Self.dice($0, Self.target) }, at: Self.logits)
        expectClose(try Self.values(h, "g"), expected, tolerance: 1e-6)
        #expect(h.run("g.shape") == "[2, 1, 2, 2]")
    }

    /// `grad(dice, z, t)` is the default dice loss's gradient; it used to bind z to `smooth`.
    @Test func aLossBuiltinsBareNameIsItsDefaultLossInGrad() throws {
        let h = Harness()
        h.run(Self.setup)
        h.run("a = grad(dice, z, t); b = grad(dice(), z, t); c = grad(dice(smooth=1), z, t)")
        let expected = Self.numericGradient({ Self.dice($0, Self.target) }, at: Self.logits)
        expectClose(try Self.values(h, "a"), expected, tolerance: 1e-6)
        #expect(try Self.values(h, "a") == Self.values(h, "b"))
        let smoothed = Self.numericGradient({ Self.dice($0, Self.target, smooth: 1) }, at: Self.logits)
        expectClose(try Self.values(h, "c"), smoothed, tolerance: 1e-6)
    }

    /// `dice(z, t)` is `dice()(z, t)`; options are named and may come with the tensors.
    @Test func aLossBuiltinCalledOnTensorsGivesItsValue() throws {
        let h = Harness()
        h.run(Self.setup)
        h.run("a = dice(z, t); b = dice()(z, t); c = dice(z, t, smooth=1); d = bce(z, t)")
        #expect(try Self.values(h, "a") == Self.values(h, "b"))
        #expect(try abs(Self.values(h, "a")[0] - Self.dice(Self.logits, Self.target)) < 1e-6)
        #expect(try abs(Self.values(h, "c")[0] - Self.dice(Self.logits, Self.target, smooth: 1)) < 1e-6)
        #expect(try abs(Self.values(h, "d")[0] - Self.bce(Self.logits, Self.target)) < 1e-6)
        #expect(h.fail("dice(z)").contains("needs the target too: dice(z, t)"))
        #expect(h.fail("dice(target=t)").contains("needs the logits too"))
        #expect(h.fail("dice(1)").contains("`logits` of `dice` must be a tensor"))
        #expect(h.run("dice(smooth=1)") == "loss dice(smooth=1)")
    }

    /// A user function of probabilities inside a sum sees σ(z); `grad` of the sum is with
    /// respect to the logits.
    @Test func aUserTermJoinsTheCallAndTheGradient() throws {
        let h = Harness()
        h.run(Self.setup)
        h.run("fn sq(p, y) = mean((p - y) ^ 2)\nL = bce + sq\nv = L(z, t)\ng = grad(L, z, t)")
        let f = { (z: [Double]) in Self.bce(z, Self.target) + Self.meanSquare(z, Self.target) }
        #expect(try abs(Self.values(h, "v")[0] - f(Self.logits)) < 1e-6)
        expectClose(try Self.values(h, "g"), Self.numericGradient(f, at: Self.logits), tolerance: 1e-6)
    }

    @Test func shapesAreReadAsImagesAndMismatchesAreNamed() throws {
        let h = Harness()
        h.run("z = tensor([[2, -1], [0.5, -3]]); t = tensor([[1, 0], [1, 0]])")
        h.run("a = dice(z, t, per_image=true)")
        h.run("b = dice(tensor([[[[2, -1], [0.5, -3]]]]), tensor([[[[1, 0], [1, 0]]]]), per_image=true)")
        h.run("c = dice(tensor([2, -1, 0.5, -3]), tensor([1, 0, 1, 0]))")
        let one = Self.dice([2, -1, 0.5, -3], [1, 0, 1, 0])
        for name in ["a", "b", "c"] { #expect(try abs(Self.values(h, name)[0] - one) < 1e-6, "\(name)") }
        // [N, H, W] beside [N, 1, H, W] is the same batch.
        h.run("d = bce(tensor([[[2, -1]], [[0.5, -3]]]), tensor([[[[1, 0]]], [[[1, 0]]]]))")
        #expect(try abs(Self.values(h, "d")[0] - Self.bce([2, -1, 0.5, -3], [1, 0, 1, 0])) < 1e-6)
        // A number is a mask that is that value everywhere.
        h.run("e = bce(z, 0)")
        #expect(try abs(Self.values(h, "e")[0] - Self.bce([2, -1, 0.5, -3], [0, 0, 0, 0])) < 1e-6)

        #expect(h.fail("bce(z, tensor([1, 0, 1]))").contains("logits [2, 2] and target [3] must have the same shape"))
        #expect(h.fail("(bce + dice)(z)").contains("a loss takes two arguments"))
        #expect(h.fail("(bce + dice)(t, \"mask\")").contains("must be a tensor or a number, got string"))
        #expect(h.fail("(bce + dice)(z, t * 2)").contains("values in [0, 1]"))
        #expect(h.fail("(bce + dice)(z, t=t)").contains("positional arguments only"))
        #expect(h.fail("grad(bce, z)").contains("needs the target"))
        #expect(h.run("(bce + dice)(z, t).shape") == "[]")
    }

    /// Recursion through `grad` or through a loss ends in an error, not a stack overflow.
    @Test func selfReferenceEndsInAnError() {
        let h = Harness()
        h.run("z = tensor([1, -1]); t = tensor([1, 0])")
        h.run("fn r(p, y) = grad(r, p, y)")
        #expect(h.fail("r(z, t)").contains("call itself without end"))
        h.run("fn me(p, y) = M(p, y)\nM = bce + me")
        #expect(h.fail("M(z, t)").contains("calls itself"))
        #expect(h.run("bce(z, t).shape") == "[]")
    }

    @Test func gradOfAFunctionThatIgnoresItsInputIsZero() throws {
        let h = Harness()
        h.run("fn c(p, y) = sum(y)\ng = grad(c, tensor([1, 2]), tensor([3, 4]))")
        #expect(try Self.values(h, "g") == [0, 0])
    }

    @Test func argsortTakeAndCumsum() {
        let h = Harness()
        h.run("e = tensor([0.3, -1, 2, 0.3])")
        #expect(h.run("argsort(e)") == "tensor [4] [1, 0, 3, 2]")
        #expect(h.run("argsort(e, desc=true)") == "tensor [4] [2, 0, 3, 1]")
        #expect(h.run("take(e, argsort(e, desc=true))") == "tensor [4] [2, 0.3, 0.3, -1]")
        #expect(h.run("take(e, [3, 3, 1])") == "tensor [3] [0.3, 0.3, -1]")
        #expect(h.run("take(tensor([[1, 2], [3, 4]]), 1..3)") == "tensor [2] [2, 3]")
        #expect(h.run("cumsum(tensor([[1, 2, 3], [4, 5, 6]]))") == "tensor [2, 3] [1, 3, 6, 4, 9, 15]")
        #expect(h.fail("take(e, [4])").contains("index 4 (item 0) is not a whole number from 0 to 3"))
        #expect(h.fail("take(e, tensor([0.5]))").contains("index 0.5"))
        #expect(h.fail("take(e, [\"a\"])").contains("item 0 is a string"))
        #expect(h.fail("cumsum(tensor(1))").contains("cumsum"))
        #expect(h.fail("argsort([3, 1])").contains("`x` of `argsort` must be a tensor"))
    }

    /// The binary Lovász hinge of Berman et al. (Algorithm 1), as helper `fn`s:
    /// e = 1 − z·(2t − 1), π = argsort(e, descending), g = t[π], G = Σg,
    /// J = 1 − (G − cumsum(g)) / (G + cumsum(1 − g)), ∇ = J − (J shifted right by one, 0 first),
    /// loss = Σ relu(e[π])·∇.
    static let lovasz = """
        fn hinge(z, t) = 1 - z * (2 * t - 1)
        fn jaccard_curve(g) = 1 - (sum(g) - cumsum(g)) / (sum(g) + cumsum(1 - g))
        fn steps(j) = j - take(j, clamp(tensor(0..len(j)) - 1, 0, len(j))) * clamp(tensor(0..len(j)), 0, 1)
        fn sorted_hinge(e, order, t) = sum(relu(take(e, order)) * steps(jaccard_curve(take(t, order))))
        fn my_lovasz(z, t) = sorted_hinge(hinge(z, t), argsort(hinge(z, t), desc=true), t)
        fn my_lovasz_per_image(z, t) = (my_lovasz(z[0], t[0]) + my_lovasz(z[1], t[1])) / 2
        """

    /// By hand for z = [2, −1, 0.5, −3], t = [1, 0, 1, 0]: e = [−1, 0, 0.5, −2], π = [2, 1, 0, 3],
    /// g = [1, 0, 1, 0], G = 2, J = [1/2, 2/3, 1, 1], ∇ = [1/2, 1/6, 1/3, 0], so the loss is
    /// 0.5·½ = 0.25 and only z₂ has a gradient, −s₂·∇₁ = −0.5.
    @Test func theLovaszHingeWrittenAsAFunctionMatchesTheHandWorkedOne() throws {
        let h = Harness()
        h.run(Self.lovasz)
        h.run("z = tensor([2, -1, 0.5, -3]); t = tensor([1, 0, 1, 0])")
        h.run("v = my_lovasz(z, t); g = grad(my_lovasz, z, t); w = lovasz(z, t)")
        #expect(try abs(Self.values(h, "v")[0] - 0.25) < 1e-7)
        #expect(try abs(Self.values(h, "w")[0] - 0.25) < 1e-7)
        expectClose(try Self.values(h, "g"), [0, 0, -0.5, 0], tolerance: 1e-7)
    }

    @Test func theLovaszHingeWrittenAsAFunctionMatchesTheBuiltIn() throws {
        let h = Harness()
        h.run(Self.lovasz)
        // 2 images of 4x4; the second has no positive pixel.
        h.run("z = randn([2, 1, 4, 4], seed=5) * 2")
        h.run("t = tensor([[[[0, 1, 1, 0], [0, 1, 1, 1], [0, 0, 1, 0], [0, 0, 0, 0]]], [[[0, 0, 0, 0], [0, 0, 0, 0], "
              + "[0, 0, 0, 0], [0, 0, 0, 0]]]])")
        h.run("a = my_lovasz(z, t); b = lovasz(z, t); ga = grad(my_lovasz, z, t); gb = grad(lovasz, z, t)")
        h.run("c = my_lovasz_per_image(z, t); d = lovasz(z, t, per_image=true)")
        h.run("gc = grad(my_lovasz_per_image, z, t); gd = grad(lovasz(per_image=true), z, t)")
        #expect(try Self.values(h, "b")[0] > 0.1)
        #expect(try abs(Self.values(h, "a")[0] - Self.values(h, "b")[0]) <= 1e-6)
        #expect(try abs(Self.values(h, "c")[0] - Self.values(h, "d")[0]) <= 1e-6)
        expectClose(try Self.values(h, "ga"), try Self.values(h, "gb"), tolerance: 1e-6)
        expectClose(try Self.values(h, "gc"), try Self.values(h, "gd"), tolerance: 1e-6)
        // Both gradients are real: a few pixels carry them, and per image differs from the batch.
        #expect(try Self.values(h, "gb").filter { $0 != 0 }.count >= 4)
        #expect(try Self.values(h, "gb") != Self.values(h, "gd"))
    }
}
