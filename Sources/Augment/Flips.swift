import Tensor

/// Mirrors left to right: `out(x, y) = in(W-1-x, y)`.
public struct HorizontalFlip: Transform {
    public static let name = "hflip"
    public let p: Double

    public init(p: Double = 0.5) throws {
        try requireProbability(p, Self.name)
        self.p = p
    }

    public var spec: TransformSpec { TransformSpec(Self.name, [.init("p", .number(p))]) }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        drawn.append(Drawn(Self.name))
        return Dihedral.horizontalFlip.apply(to: pair)
    }
}

/// Mirrors top to bottom: `out(x, y) = in(x, H-1-y)`.
public struct VerticalFlip: Transform {
    public static let name = "vflip"
    public let p: Double

    public init(p: Double = 0.5) throws {
        try requireProbability(p, Self.name)
        self.p = p
    }

    public var spec: TransformSpec { TransformSpec(Self.name, [.init("p", .number(p))]) }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        drawn.append(Drawn(Self.name))
        return Dihedral.verticalFlip.apply(to: pair)
    }
}

/// Swaps rows and columns: `out(x, y) = in(y, x)`; a W x H pair becomes H x W.
public struct Transpose: Transform {
    public static let name = "transpose"
    public let p: Double

    public init(p: Double = 0.5) throws {
        try requireProbability(p, Self.name)
        self.p = p
    }

    public var spec: TransformSpec { TransformSpec(Self.name, [.init("p", .number(p))]) }

    public func applyAlways(to pair: Pair, using rng: inout SeededGenerator, drawn: inout [Drawn]) -> Pair {
        drawn.append(Drawn(Self.name))
        return Dihedral.transpose.apply(to: pair)
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
