import Foundation
import Tensor

extension Registry {
    /// Arithmetic on numbers and on lists and ranges of numbers.
    func addMath() {
        let unary: [(String, String, (Double) -> Double)] = [
            ("abs", "The absolute value.", { Swift.abs($0) }),
            ("sqrt", "The square root.", { $0.squareRoot() }),
            ("exp", "e raised to the value.", { Foundation.exp($0) }),
            ("log", "The natural logarithm.", { Foundation.log($0) }),
            ("floor", "The largest integer not above the value.", { $0.rounded(.down) }),
            ("round", "The nearest integer, halves away from zero.", { $0.rounded() }),
            ("sigmoid", "The logistic function 1 / (1 + exp(-x)).", { 1 / (1 + Foundation.exp(-$0)) }),
        ]
        for (name, help, f) in unary {
            add(Builtin(name, .math, [Parameter("x", .number)], help: help, example: "\(name)(2.5)") { args in
                .number(f(try args.number("x")))
            })
        }
        add(Builtin("rand", .math, [Parameter("lo", .number, default: 0), Parameter("hi", .number, default: 1),
                                    Parameter("seed", .integer, default: Value.none)],
                    help: "A uniform random number in [lo, hi). Without `seed=` it draws from the session's generator, "
                        + "so a replayed script gives the same numbers.",
                    example: "rand()\nrand(lo=-1, hi=1, seed=7)") { args in
            var generator = SeededGenerator(seed: try args.seed())
            return .number(generator.uniform(try args.number("lo"), try args.number("hi")))
        })
        add(Builtin("clamp", .math, [Parameter("x", .number), Parameter("min", .number), Parameter("max", .number)],
                    help: "The value limited to the interval [min, max].",
                    example: "clamp(1.7, 0, 1)") { args in
            .number(Swift.min(try args.number("max"), Swift.max(try args.number("min"), try args.number("x"))))
        })
        let reductions: [(String, String, (Double, Double) -> Double, Double)] = [
            ("sum", "The sum of a list or range of numbers.", (+), 0),
            ("min", "The smallest number of a list or range.", { Swift.min($0, $1) }, .infinity),
            ("max", "The largest number of a list or range.", { Swift.max($0, $1) }, -.infinity),
        ]
        for (name, help, combine, start) in reductions {
            add(Builtin(name, .math, [Parameter("values", .sequence)], help: help,
                        example: "\(name) [3, 1, 2]\n\(name) 0..10") { args in
                .number(try Self.reduce(args, "values", start, combine))
            })
        }
        add(Builtin("mean", .math, [Parameter("values", .sequence)],
                    help: "The arithmetic mean of a list or range of numbers.",
                    example: "mean [1, 2, 3, 4]") { args in
            let n = try Self.length(args, "values")
            guard n > 0 else { throw args.error("values", "the mean of no numbers is undefined") }
            return .number(try Self.reduce(args, "values", 0, +) / Double(n))
        })
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
