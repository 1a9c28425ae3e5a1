import Core
import Tensor

/// A random transform of an image and its mask, with albumentations semantics.
///
/// A transform fires with probability `p`; when it fires it draws its parameters from the
/// generator, applies them to the image and the mask alike, and records what it drew.
public protocol Transform: Sendable, CustomStringConvertible {
    /// The probability that the transform fires (albumentations' `p`). Inside `OneOf` and
    /// `SomeOf` it is the child's selection weight instead.
    var p: Double { get }

    /// The transform as a value: its language name and every parameter.
    var spec: TransformSpec { get }

    /// Applies the transform unconditionally (albumentations' `force_apply`), drawing its
    /// parameters from `rng` and appending them to `drawn`.
    func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair

    /// The single transforms inside (a composition's leaves, or the transform itself).
    var leaves: [any Transform] { get }
}

extension Transform {
    public var description: String { spec.description }
    public var leaves: [any Transform] { [self] }

    /// Applies the transform with probability `p`.
    public func apply(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        rng.chance(p) ? applyAlways(to: pair, using: &rng, drawn: &drawn) : pair
    }

    /// Applies the transform with probability `p`, returning the result with what was drawn.
    public func apply(to pair: Pair, using rng: inout SeededGenerator) -> Augmented {
        var drawn: [Drawn] = []
        let out = apply(to: pair, using: &rng, drawn: &drawn)
        return Augmented(pair: out, drawn: drawn)
    }

    /// Applies the transform with a generator seeded by `seed`: the same seed and input give
    /// the same output, bit for bit.
    public func apply(to pair: Pair, seed: UInt64) -> Augmented {
        var rng = SeededGenerator(seed: seed)
        return apply(to: pair, using: &rng)
    }

    /// Augments a batch in parallel. Pair i uses its own generator, forked from `seed` with
    /// stream i, so the result does not depend on the thread count or on scheduling.
    public func apply(to pairs: [Pair], seed: UInt64) -> [Augmented] {
        var root = SeededGenerator(seed: seed)
        let generators = pairs.indices.map { root.fork(UInt64($0)) }
        return parallelMap(pairs.count) { i in
            var rng = generators[i]
            return apply(to: pairs[i], using: &rng)
        }
    }
}

/// An augmented pair and the parameters drawn for it.
public struct Augmented: Sendable, Equatable {
    public var pair: Pair
    /// Each transform that fired, in order, with the values it drew.
    public var drawn: [Drawn]

    /// One line naming each transform that fired and its values, e.g.
    /// `hflip | gamma(gamma=1.07) | sized_crop(h=201, w=201, y=12, x=40)`; `identity` if none fired.
    public var caption: String {
        drawn.isEmpty ? "identity" : drawn.map(\.description).joined(separator: " | ")
    }
}

/// The values one transform drew on one application.
public struct Drawn: Sendable, Equatable, CustomStringConvertible {
    public var transform: String
    public var values: [Value]

    public struct Value: Sendable, Equatable {
        public var name: String
        public var value: Double
        public init(_ name: String, _ value: Double) { self.name = name; self.value = value }
    }

    public init(_ transform: String, _ values: [Value] = []) {
        self.transform = transform
        self.values = values
    }

    /// The value drawn under `name`, if any.
    public subscript(name: String) -> Double? { values.first { $0.name == name }?.value }

    public var description: String {
        values.isEmpty ? transform
            : transform + "(" + values.map { "\($0.name)=\(formatNumber($0.value, digits: 3))" }.joined(separator: ", ") + ")"
    }
}

/// Runs `body` for 0..<n on the engine's threads and collects the results in order.
func parallelMap<T>(_ n: Int, _ body: (Int) -> T) -> [T] {
    var slots = [T?](repeating: nil, count: n)
    slots.withUnsafeMutableBufferPointer { out in
        Parallel.forEach(n) { i in out[i] = body(i) }
    }
    return slots.compactMap { $0 }
}
