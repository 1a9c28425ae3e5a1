/// The viridis colour map (perceptually uniform, readable by colour-blind people and in
/// grayscale), used for probability, loss and gradient maps.
public enum Viridis {
    /// The colour for `t` in [0, 1]; values outside are clamped, NaN maps to 0.
    public static func color(_ t: Float) -> RGB {
        let clamped = t > 0 ? min(t, 1) : 0
        return table[Int(clamped * 255 + 0.5)]
    }

    /// 256 entries interpolated linearly between matplotlib's viridis at eleven evenly spaced
    /// stops (0, 0.1, ..., 1); between stops the map is close to linear in sRGB.
    static let table: [RGB] = {
        let stops: [RGB] = [
            RGB(0x44, 0x01, 0x54), RGB(0x48, 0x24, 0x75), RGB(0x41, 0x44, 0x87),
            RGB(0x35, 0x5F, 0x8D), RGB(0x2A, 0x78, 0x8E), RGB(0x21, 0x91, 0x8C),
            RGB(0x22, 0xA8, 0x84), RGB(0x44, 0xBF, 0x70), RGB(0x7A, 0xD1, 0x51),
            RGB(0xBD, 0xDF, 0x26), RGB(0xFD, 0xE7, 0x25),
        ]
        return (0..<256).map { i in
            let position = Float(i) / 255 * Float(stops.count - 1)
            let lower = min(Int(position), stops.count - 2)
            return stops[lower].blended(with: stops[lower + 1], alpha: position - Float(lower))
        }
    }()
}
