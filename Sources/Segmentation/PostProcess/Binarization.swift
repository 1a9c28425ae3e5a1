import Imaging

/// How a probability map becomes a mask.
public enum Binarization: Equatable, Sendable, Codable {
    /// Pixels strictly above the threshold (`>`, as OpenCV's THRESH_BINARY and the SIIM solutions).
    case threshold(Float)
    /// The SIIM 1st-place rule (`TripletMaskBinarization`): an image is empty unless at least
    /// `minPixels` pixels are above `top`; otherwise its mask is the pixels above `bottom`.
    /// A confident core decides *whether* there is a pneumothorax, a lower threshold *where*.
    case triplet(top: Float, minPixels: Int, bottom: Float)

    /// The threshold that draws the mask's outline (the bottom one for a triplet).
    var outline: Float {
        switch self {
        case .threshold(let t): t
        case .triplet(_, _, let bottom): bottom
        }
    }

    /// The mask of `probabilities` under this rule.
    public func apply(to probabilities: Image) -> Mask {
        if case let .triplet(top, minPixels, _) = self, countAbove(top, in: probabilities) < minPixels {
            return Mask(width: probabilities.width, height: probabilities.height)
        }
        let t = outline
        return Mask(width: probabilities.width, height: probabilities.height,
                    pixels: probabilities.pixels.map { $0 > t ? 1 : 0 })
    }

    /// The arguments in the language's syntax: `threshold=0.5` or `top=0.75, min_pixels=2000, bottom=0.3`.
    var arguments: [String] {
        switch self {
        case .threshold(let t):
            ["threshold=\(formatNumber(t))"]
        case let .triplet(top, minPixels, bottom):
            ["top=\(formatNumber(top))", "min_pixels=\(minPixels)", "bottom=\(formatNumber(bottom))"]
        }
    }
}

/// How many pixels of `image` are strictly above `level`.
func countAbove(_ level: Float, in image: Image) -> Int {
    image.pixels.withUnsafeBufferPointer { p in
        var n = 0
        for x in p where x > level { n += 1 }
        return n
    }
}
