import Core
import Tensor

/// A transform made of child transforms: its spec is its own arguments followed by its
/// children's specs, and its leaves are theirs.
public protocol Combinator: Transform {
    static var name: String { get }
    var transforms: [any Transform] { get }
    /// The arguments before the children: `p`, and `n` for `someof`.
    var ownArguments: [TransformSpec.Argument] { get }
}

extension Combinator {
    public var spec: TransformSpec { TransformSpec(Self.name, ownArguments, children: transforms.map(\.spec)) }
    public var leaves: [any Transform] { transforms.flatMap(\.leaves) }
}

/// Applies its children in order, each with its own probability (albumentations `Compose`).
/// The language writes it `a | b | c`.
public struct Compose: Combinator {
    public static let name = "compose"
    public let transforms: [any Transform]
    public let p: Double

    public init(_ transforms: [any Transform], p: Double = 1) throws {
        try requireProbability(p, Self.name)
        self.transforms = transforms
        self.p = p
    }

    public var ownArguments: [TransformSpec.Argument] { [.init("p", .number(p))] }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        transforms.reduce(pair) { $1.apply(to: $0, using: &rng, drawn: &drawn) }
    }
}

/// With probability `p`, applies exactly one child, chosen with probability `p_i / Σp_j`, and
/// forces it: the children's own `p` act only as weights (albumentations `OneOf`).
public struct OneOf: Combinator {
    public static let name = "oneof"
    public let transforms: [any Transform]
    public let p: Double

    public init(_ transforms: [any Transform], p: Double = 0.5) throws {
        try requireProbability(p, Self.name)
        try require(!transforms.isEmpty, Self.name, "transforms", "needs at least one transform")
        self.transforms = transforms
        self.p = p
    }

    public var ownArguments: [TransformSpec.Argument] { [.init("p", .number(p))] }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        let chosen = weightedPick(transforms.map(\.p), &rng)
        return transforms[chosen].applyAlways(to: pair, using: &rng, drawn: &drawn)
    }
}

/// With probability `p`, applies `n` distinct children, chosen one after another with
/// probability proportional to their `p` (without replacement), each forced, in the order
/// they are listed (albumentations 2.x `SomeOf` with `replace=False`).
public struct SomeOf: Combinator {
    public static let name = "someof"
    public let transforms: [any Transform]
    public let n: Int
    public let p: Double

    public init(_ transforms: [any Transform], n: Int, p: Double = 1) throws {
        try requireProbability(p, Self.name)
        try require(n >= 0 && n <= transforms.count, Self.name, "n",
                    "must be between 0 and the number of transforms (\(transforms.count)), got \(n)")
        self.transforms = transforms
        self.n = n
        self.p = p
    }

    public var ownArguments: [TransformSpec.Argument] { [.init("n", .number(Double(n))), .init("p", .number(p))] }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        var weights = transforms.map(\.p)
        var chosen = [Bool](repeating: false, count: transforms.count)
        for _ in 0..<n {
            let i = weightedPick(weights, &rng)
            chosen[i] = true
            weights[i] = 0
            if !weights.contains(where: { $0 > 0 }) {   // only zero weights left: pick uniformly
                for j in weights.indices where !chosen[j] { weights[j] = 1 }
            }
        }
        var out = pair
        for i in transforms.indices where chosen[i] {
            out = transforms[i].applyAlways(to: out, using: &rng, drawn: &drawn)
        }
        return out
    }
}

/// An index drawn with probability `weights[i] / Σweights`; uniform when every weight is 0.
private func weightedPick(_ weights: [Double], _ rng: inout SeededGenerator) -> Int {
    let total = weights.reduce(0, +)
    guard total > 0 else { return rng.int(below: weights.count) }
    var u = rng.uniform() * total
    for (i, w) in weights.enumerated() where w > 0 {
        if u < w { return i }
        u -= w
    }
    return weights.lastIndex { $0 > 0 } ?? 0   // rounding left u just above the last weight
}
