import Core
import Tensor

extension Registry {
    /// Making tensors, random tensors, and gradients of user functions.
    func addTensors() {
        add(Builtin("tensor", .tensor, [Parameter("values", .oneOf([.list, .range, .number])),
                                        Parameter("shape", .list, default: Value.none)],
                    help: "A tensor from a number, a range or a (nested) list of numbers. Nested lists give the shape; "
                        + "`shape=` reshapes the values.",
                    example: "tensor([[1, 2], [3, 4]])\ntensor(0..6, shape=[2, 3])") { args in
            var shape: [Int] = []
            var data: [Float] = []
            var leafDepth: Int?
            try Self.flatten(args["values"], depth: 0, shape: &shape, leafDepth: &leafDepth, into: &data, args: args)
            if args.has("shape") { shape = try Self.shape(args, "shape") }
            do { return .object(TensorObject(try Tensor(checkedShape: shape, data: data))) } catch {
                throw args.error("shape", "\(error)")
            }
        })
        add(Builtin("zeros", .tensor, [Parameter("shape", .list)], help: "A tensor of zeros.",
                    example: "zeros [2, 3]") { args in
            .object(TensorObject(Tensor(zeros: try Self.shape(args, "shape"))))
        })
        add(Builtin("ones", .tensor, [Parameter("shape", .list)], help: "A tensor of ones.",
                    example: "ones [2, 2]") { args in
            .object(TensorObject(Tensor(repeating: 1, shape: try Self.shape(args, "shape"))))
        })
        add(Builtin("rand", .tensor, [Parameter("shape", .list, default: Value.none), Parameter("lo", .number, default: 0),
                                      Parameter("hi", .number, default: 1), Parameter("seed", .integer, default: Value.none)],
                    help: "Uniform random values in [lo, hi): a number, or a tensor of `shape`. Without `seed=` it draws "
                        + "from the session's generator, so a replayed script gives the same numbers.",
                    example: "rand()\nrand([2, 3], seed=7)") { args in
            var generator = SeededGenerator(seed: try args.seed())
            let (lo, hi) = (try args.number("lo"), try args.number("hi"))
            guard args.has("shape") else { return .number(generator.uniform(lo, hi)) }
            let shape = try Self.shape(args, "shape")
            let data = (0..<shape.reduce(1, *)).map { _ in Float(generator.uniform(lo, hi)) }
            return .object(TensorObject(Tensor(shape: shape, data: data)))
        })
        add(Builtin("randn", .tensor, [Parameter("shape", .list), Parameter("seed", .integer, default: Value.none)],
                    help: "A tensor of standard normal values. Without `seed=` it draws from the session's generator.",
                    example: "randn([2, 2], seed=1)") { args in
            var generator = SeededGenerator(seed: try args.seed())
            let shape = try Self.shape(args, "shape")
            let data = (0..<shape.reduce(1, *)).map { _ in Float(generator.normal()) }
            return .object(TensorObject(Tensor(shape: shape, data: data)))
        })
        add(Builtin("grad", .tensor, [Parameter("f", .oneOf([.function, .object("loss")])), Parameter("x", .object("tensor")),
                                      Parameter("y", .any, default: Value.none)],
                    help: "The gradient of f(x) (or f(x, y)) with respect to x, where f gives a one-value tensor. "
                        + "For a loss, x is the logits and y the target: `grad(L, z, t)` is dL/dz, and a loss "
                        + "builtin's bare name is its default loss: `grad(dice, z, t)`. A `fn` is called as "
                        + "written, so `grad(soft_dice, p, y)` is the gradient with respect to the probabilities p.",
                    example: "fn sq(p, y) = sum((p - y) ^ 2)\ngrad(sq, tensor([1, 2]), tensor([0, 0]))\n"
                        + "grad(dice, tensor([2, -1, 0.5]), tensor([1, 0, 1]))") { args in
            let x = try args.object("x", as: TensorObject.self).tensor
            let leaf = Tensor(shape: x.shape, data: x.data, requiresGrad: true)
            let out: Tensor
            if let loss = try LossObject.named(args["f"], in: args.session) {
                guard args.has("y") else {
                    throw args.error("y", "a loss needs the target as well: grad(loss, logits, target)")
                }
                out = try loss.value(leaf, target: args["y"])
            } else {
                guard case .function(let f) = args["f"] else { throw args.error("f", "`f` must be a function or a loss") }
                let inputs: [Value] = [.object(TensorObject(leaf))] + (args.has("y") ? [args["y"]] : [])
                guard case .object(let result as TensorObject) = try args.session.call(f, inputs), result.tensor.count == 1 else {
                    throw args.error("f", "`\(f.name)` must give a one-value tensor, such as a `sum` or a `mean`")
                }
                out = result.tensor
            }
            // A function that ignores x has a zero gradient, not an error.
            if out.requiresGrad { try out.backward() }
            return .object(TensorObject(Tensor(shape: leaf.shape, data: leaf.grad ?? [Float](repeating: 0, count: leaf.count))))
        })
        addOrdering()
    }

    /// Elements a tensor may have when built from the language.
    static let maximumElements = 1 << 28

    /// A list of non-negative integers, within `maximumElements` in all.
    static func shape(_ args: Arguments, _ name: String) throws -> [Int] {
        let items = try args.list(name)
        let dims = items.compactMap(\.integer)
        guard dims.count == items.count, dims.allSatisfy({ $0 >= 0 }) else {
            throw args.error(name, "a shape is a list of non-negative integers, like [2, 3]")
        }
        guard dims.reduce(1, { $0.multipliedReportingOverflow(by: $1).overflow ? .max : $0 * $1 }) <= maximumElements else {
            throw args.error(name, "the shape \(dims) has more than \(maximumElements) values")
        }
        return dims
    }

    /// Appends the numbers of a nested list to `data`, checking that it is rectangular.
    private static func flatten(_ value: Value, depth: Int, shape: inout [Int], leafDepth: inout Int?,
                                into data: inout [Float], args: Arguments) throws {
        let ragged = args.error("values", "the nested lists are not rectangular")
        func dimension(_ n: Int) throws {
            if depth == shape.count { shape.append(n) }
            else if shape[depth] != n { throw ragged }
            if let leaf = leafDepth, depth >= leaf { throw ragged }
        }
        switch value {
        case .number(let x):
            guard depth == shape.count, leafDepth == nil || leafDepth == depth else { throw ragged }
            leafDepth = depth
            data.append(Float(x))
        case .range(let lo, let hi):
            guard hi - lo <= maximumElements else { throw args.error("values", "the range is too long for a tensor") }
            try dimension(Swift.max(0, hi - lo))
            leafDepth = depth + 1
            data.append(contentsOf: (lo..<Swift.max(lo, hi)).map { Float($0) })
        case .list(let items):
            try dimension(items.count)
            for item in items {
                try flatten(item, depth: depth + 1, shape: &shape, leafDepth: &leafDepth, into: &data, args: args)
            }
        default:
            throw args.error("values", "a tensor holds numbers, not a \(value.typeName)")
        }
    }
}
