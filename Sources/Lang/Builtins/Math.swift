import Foundation
import Core
import Tensor

extension Registry {
    /// Arithmetic on numbers and on lists and ranges of numbers.
    func addMath() {
        // Each works on a number (in double precision) and elementwise on a tensor (through the
        // engine's differentiable operation, so a user's loss built from them has a gradient).
        let unary: [(String, String, (Double) -> Double, (Tensor) -> Tensor)] = [
            ("abs", "The absolute value.", { Swift.abs($0) }, { $0.abs() }),
            ("sqrt", "The square root.", { $0.squareRoot() }, { $0.sqrt() }),
            ("exp", "e raised to the value.", { Foundation.exp($0) }, { $0.exp() }),
            ("log", "The natural logarithm.", { Foundation.log($0) }, { $0.log() }),
            ("tanh", "The hyperbolic tangent.", { Foundation.tanh($0) }, { $0.tanh() }),
            ("sigmoid", "The logistic function 1 / (1 + exp(-x)).", { 1 / (1 + Foundation.exp(-$0)) }, { $0.sigmoid() }),
            ("logsigmoid", "log(sigmoid(x)), computed without overflow.",
             { Double(Tensor(Float($0)).logSigmoid().item) }, { $0.logSigmoid() }),
            ("softplus", "log(1 + exp(x)), computed without overflow.",
             { Double(Tensor(Float($0)).softplus().item) }, { $0.softplus() }),
            ("relu", "max(x, 0).", { Swift.max($0, 0) }, { $0.relu() }),
        ]
        for (name, help, onNumber, onTensor) in unary {
            add(Builtin(name, .math, [Parameter("x", .numeric)], help: help + " Works on numbers and elementwise on tensors.",
                        example: "\(name)(0.5)\n\(name)(tensor([-1, 0, 2]))") { args in
                try Self.numeric(args, "x", onNumber, onTensor)
            })
        }
        add(Builtin("pow", .math, [Parameter("x", .numeric), Parameter("p", .number)],
                    help: "x raised to the constant power p; elementwise on a tensor (the same as `x ^ p`).",
                    example: "pow(3, 2)\npow(tensor([1, 2, 3]), 2)") { args in
            let p = try args.number("p")
            return try Self.numeric(args, "x", { Foundation.pow($0, p) }, { $0.pow(Float(p)) })
        })
        add(Builtin("floor", .math, [Parameter("x", .number)], help: "The largest integer not above the value.",
                    example: "floor(2.5)") { args in
            .number(try args.number("x").rounded(.down))
        })
        add(Builtin("round", .math, [Parameter("x", .number)], help: "The nearest integer, halves away from zero.",
                    example: "round(2.5)") { args in
            .number(try args.number("x").rounded())
        })
        add(Builtin("clamp", .math, [Parameter("x", .numeric), Parameter("min", .number), Parameter("max", .number)],
                    help: "The value limited to the interval [min, max]; elementwise on a tensor.",
                    example: "clamp(1.7, 0, 1)\nclamp(tensor([-1, 0.5, 3]), 0, 1)") { args in
            let (lo, hi) = (try args.number("min"), try args.number("max"))
            return try Self.numeric(args, "x", { Swift.min(hi, Swift.max(lo, $0)) }, { $0.clamp(min: Float(lo), max: Float(hi)) })
        })
        let reductions: [(String, String, (Double, Double) -> Double, Double)] = [
            ("sum", "The sum of a list or range of numbers, or of a tensor's values (a one-value tensor).", (+), 0),
            ("min", "The smallest number of a list or range.", { Swift.min($0, $1) }, .infinity),
            ("max", "The largest number of a list or range.", { Swift.max($0, $1) }, -.infinity),
        ]
        for (name, help, combine, start) in reductions {
            let type: ValueType = name == "sum" ? .oneOf([.list, .range, .object("tensor")]) : .sequence
            add(Builtin(name, .math, [Parameter("values", type)], help: help,
                        example: "\(name) [3, 1, 2]\n\(name) 0..10") { args in
                if name == "sum", case .object(let t as TensorObject) = args["values"] { return .object(TensorObject(t.tensor.sum())) }
                return .number(try Self.reduce(args, "values", start, combine))
            })
        }
        add(Builtin("mean", .math, [Parameter("values", .oneOf([.list, .range, .object("tensor")]))],
                    help: "The arithmetic mean of a list or range of numbers, or of a tensor's values (a one-value tensor).",
                    example: "mean [1, 2, 3, 4]\nmean(tensor([1, 2]))") { args in
            if case .object(let t as TensorObject) = args["values"] { return .object(TensorObject(t.tensor.mean())) }
            let n = try Self.length(args, "values")
            guard n > 0 else { throw args.error("values", "the mean of no numbers is undefined") }
            return .number(try Self.reduce(args, "values", 0, +) / Double(n))
        })
    }

    /// Applies `onNumber` to a number argument, or `onTensor` to a tensor argument.
    static func numeric(_ args: Arguments, _ name: String, _ onNumber: (Double) -> Double,
                        _ onTensor: (Tensor) -> Tensor) throws -> Value {
        switch args[name] {
        case .number(let x): return .number(onNumber(x))
        case .object(let t as TensorObject): return .object(TensorObject(onTensor(t.tensor)))
        default: throw args.error(name, "`\(name)` must be a number or a tensor, got \(args[name].typeName)")
        }
    }

    private static func length(_ args: Arguments, _ name: String) throws -> Int {
        switch args[name] {
        case .list(let items): return items.count
        case .range(let lo, let hi): return Swift.max(0, hi - lo)
        default: throw args.error(name, "`\(name)` must be a list or a range")
        }
    }

    /// Folds the numbers of a list or range, polling for Ctrl-C so a huge range can be cancelled.
    private static func reduce(_ args: Arguments, _ name: String, _ start: Double,
                               _ combine: (Double, Double) -> Double) throws -> Double {
        var total = start
        switch args[name] {
        case .list(let items):
            for (i, item) in items.enumerated() {
                guard case .number(let x) = item else {
                    throw args.error(name, "item \(i) is a \(item.typeName), not a number")
                }
                total = combine(total, x)
            }
        case .range(let lo, let hi):
            var i = lo
            while i < hi {
                try Interrupt.check()
                let stop = Swift.min(hi, i + 65_536)
                while i < stop { total = combine(total, Double(i)); i += 1 }
            }
        default:
            throw args.error(name, "`\(name)` must be a list or a range")
        }
        return total
    }
}
