/// An 8-bit sRGB colour: the pixel type of every figure and every terminal cell.
public struct RGB: Sendable, Hashable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// A gray level from an intensity in [0, 1]; values outside are clamped.
    public init(gray value: Float) {
        let v = Self.byte(value)
        self.init(v, v, v)
    }

    /// This colour with `other` laid over it at opacity `alpha` (0 keeps self, 1 gives other).
    public func blended(with other: RGB, alpha: Float) -> RGB {
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
            Self.byte((Float(a) + (Float(b) - Float(a)) * alpha) / 255)
        }
        return RGB(mix(r, other.r), mix(g, other.g), mix(b, other.b))
    }

    /// Rounds an intensity in [0, 1] to a byte, clamping outside values (NaN gives 0).
    static func byte(_ value: Float) -> UInt8 {
        guard value > 0 else { return 0 }
        return value >= 1 ? 255 : UInt8(value * 255 + 0.5)
    }

    public static let black = RGB(0, 0, 0)
    public static let white = RGB(255, 255, 255)
}
