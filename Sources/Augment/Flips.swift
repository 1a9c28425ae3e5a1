import Core
import Tensor

/// A transform that always applies one fixed element of the dihedral group and draws nothing.
protocol FixedDihedral: Transform {
    static var name: String { get }
    static var dihedral: Dihedral { get }
}

extension FixedDihedral {
    public var spec: TransformSpec { TransformSpec(Self.name, [.init("p", .number(p))]) }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        drawn.append(Drawn(Self.name))
        return Self.dihedral.apply(to: pair)
    }
}

/// Mirrors left to right: `out(x, y) = in(W-1-x, y)`.
public struct HorizontalFlip: FixedDihedral {
    public static let name = "hflip"
    static let dihedral = Dihedral.horizontalFlip
    public let p: Double

    public init(p: Double = 0.5) throws {
        try requireProbability(p, Self.name)
        self.p = p
    }
}

/// Mirrors top to bottom: `out(x, y) = in(x, H-1-y)`.
public struct VerticalFlip: FixedDihedral {
    public static let name = "vflip"
    static let dihedral = Dihedral.verticalFlip
    public let p: Double

    public init(p: Double = 0.5) throws {
        try requireProbability(p, Self.name)
        self.p = p
    }
}

/// Swaps rows and columns: `out(x, y) = in(y, x)`; a W x H pair becomes H x W.
public struct Transpose: FixedDihedral {
    public static let name = "transpose"
    static let dihedral = Dihedral.transpose
    public let p: Double

    public init(p: Double = 0.5) throws {
        try requireProbability(p, Self.name)
        self.p = p
    }
}

/// Turns the pair by k counter-clockwise quarter turns, k drawn uniformly from {0, 1, 2, 3}
/// (`np.rot90(img, k)`).
public struct RandomRotate90: Transform {
    public static let name = "rot90"
    public let p: Double

    public init(p: Double = 0.5) throws {
        try requireProbability(p, Self.name)
        self.p = p
    }

    public var spec: TransformSpec { TransformSpec(Self.name, [.init("p", .number(p))]) }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        let k = rng.int(below: 4)
        drawn.append(Drawn(Self.name, [.init("k", Double(k))]))
        return Dihedral.rotation(quarterTurns: k).apply(to: pair)
    }
}
