import Tensor

extension Registry {
    /// Sorting permutations, gathering and prefix sums on tensors: enough to write rank-based
    /// losses such as the Lovász hinge as a `fn`.
    func addOrdering() {
        add(Builtin("argsort", .tensor, [Parameter("x", .object("tensor")), Parameter("desc", .bool, default: false)],
                    help: "The indices that sort the tensor's values (all of them, flattened), as a 1-D tensor of whole "
                        + "numbers: `take(x, argsort(x))` is x sorted. Ties keep their order; NaN counts as the "
                        + "largest value. The indices are constants, so no gradient flows through them.",
                    example: "argsort(tensor([0.3, -1, 2]))\nargsort(tensor([0.3, -1, 2]), desc=true)") { args in
            let x = try args.object("x", as: TensorObject.self).tensor
            guard x.count <= Self.exactIndices else {
                throw args.error("x", "argsort gives indices as tensor values, which are exact only up to "
                                 + "\(Self.exactIndices) values; this tensor has \(x.count)")
            }
            let order = x.argsort(descending: try args.bool("desc"))
            return .object(TensorObject(Tensor(shape: [order.count], data: order.map(Float.init))))
        })
        add(Builtin("take", .tensor, [Parameter("x", .object("tensor")),
                                      Parameter("indices", .oneOf([.object("tensor"), .list, .range]))],
                    help: "The tensor's values (flattened) at `indices`, a tensor, list or range of whole numbers from 0 "
                        + "to the count less one, as a 1-D tensor; an index may repeat. Differentiable: the gradient "
                        + "of each value goes back to where it was taken from.",
                    example: "e = tensor([0.3, -1, 2])\ntake(e, argsort(e, desc=true))\ntake(e, [2, 2, 0])") { args in
            let x = try args.object("x", as: TensorObject.self).tensor
            return .object(TensorObject(try x.gather(try Self.indices(args, "indices", below: x.count))))
        })
        add(Builtin("cumsum", .tensor, [Parameter("x", .object("tensor"))],
                    help: "Running sums along the last axis (each row of a matrix on its own), summed in double "
                        + "precision. Differentiable: the gradient is the running sum taken from the end.",
                    example: "cumsum(tensor([1, 2, 3, 4]))\ncumsum(tensor([[1, 1], [2, 2]]))") { args in
            .object(TensorObject(try args.object("x", as: TensorObject.self).tensor.cumsum()))
        })
    }

    /// The largest count whose every index a Float32 holds exactly (2^24).
    static let exactIndices = 1 << 24

    /// Whole numbers in `0..<count` from a tensor, list or range argument.
    private static func indices(_ args: Arguments, _ name: String, below count: Int) throws -> [Int] {
        let values: [Double]
        switch args[name] {
        case .object(let t as TensorObject): values = t.tensor.data.map(Double.init)
        case .list(let items):
            values = try items.enumerated().map { i, item in
                guard case .number(let x) = item else { throw args.error(name, "item \(i) is a \(item.typeName), not a number") }
                return x
            }
        case .range(let lo, let hi):
            guard hi - lo <= maximumElements else { throw args.error(name, "the range is too long to take") }
            values = (lo..<Swift.max(lo, hi)).map(Double.init)
        default:
            throw args.error(name, "`\(name)` must be a tensor, a list or a range")
        }
        if count == 0, !values.isEmpty { throw args.error(name, "the tensor has no values to take") }
        return try values.enumerated().map { k, v in
            guard v.rounded() == v, v >= 0, v < Double(count) else {
                throw args.error(name, "index \(Value.format(v)) (item \(k)) is not a whole number from 0 to \(count - 1)")
            }
            return Int(v)
        }
    }
}
