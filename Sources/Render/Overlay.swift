import Core
import Imaging
import Tensor

/// A grayscale image with its ground-truth mask and/or predicted mask laid over it: the mask
/// tinted red, the prediction green and their overlap yellow, or only their outlines.
public struct Overlay: Figure {
    public enum Mode: String, Sendable, CaseIterable {
        /// Regions tinted translucently, with an opaque outline.
        case filled
        /// Only the outlines, leaving the image inside them untouched.
        case outline
    }

    /// The X-ray, values in [0, 1].
    public let image: Image
    /// The ground truth, drawn red.
    public let mask: Mask?
    /// The model's prediction, drawn green; yellow where it agrees with `mask`.
    public let prediction: Mask?
    public var mode: Mode
    /// The PNG's longest side in pixels; nil keeps the image's own resolution.
    public let size: Int?

    /// Throws when a mask's size differs from the image's (naming which one and both sizes).
    public init(image: Image, mask: Mask? = nil, prediction: Mask? = nil,
                mode: Mode = .filled, size: Int? = nil) throws {
        for (name, m) in [("mask", mask), ("prediction", prediction)] {
            if let m, m.width != image.width || m.height != image.height {
                throw InputError("overlay", at: name,
                                 "is \(m.width)x\(m.height) but the image is \(image.width)x\(image.height)")
            }
        }
        try FigureSize.checkLongestSide(size, of: "overlay")
        self.image = image
        self.mask = mask
        self.prediction = prediction
        self.mode = mode
        self.size = size
    }

    // MARK: Figure

    public func canvas() -> Canvas {
        let (w, h) = PictureFit.scaled(width: image.width, height: image.height, longest: size)
        return render(width: w, height: h)
    }

    public func cells(style: TerminalStyle, width: Int) -> CellGrid {
        let picture = imageCells(style: style, width: width)
        guard style == .plain else { return picture }
        return CellGrid.stacked([picture, legend.cells(width: width)])
    }

    /// As wide as the terminal, but no taller than it, and never wider than the image.
    public func preferredWidth(in size: TerminalSize) -> Int {
        PictureFit.preferredColumns(width: image.width, height: image.height, in: size)
    }

    // MARK: Drawing

    /// The picture alone, without the plain-style legend (grids add one legend for all tiles).
    func imageCells(style: TerminalStyle, width: Int) -> CellGrid {
        if style == .plain {
            return characters(width: width,
                              height: PictureFit.plainRows(columns: width, width: image.width, height: image.height))
        }
        let rows = PictureFit.halfBlockPixelRows(columns: width, width: image.width, height: image.height)
        return TerminalEncoder.halfBlocks(render(width: width, height: rows))
    }

    /// The overlay drawn at `width` x `height` pixels.
    func render(width: Int, height: Int) -> Canvas {
        let layers = Layers(self, width: width, height: height,
                            edgeThickness: max(1, min(width, height) / 256))
        var canvas = Canvas(width: width, height: height)
        let filled = mode == .filled
        canvas.pixels.withUnsafeMutableBufferPointer { out in
            Parallel.chunks(width * height, minChunk: 65_536) { pixels in
                for i in pixels {
                    var color = RGB(gray: layers.gray[i])
                    if let edge = layers.edge(i) {
                        color = edge.color
                    } else if filled, let region = layers.region(i) {
                        color = color.blended(with: region.color, alpha: Palette.fillAlpha)
                    }
                    out[3 * i] = color.r; out[3 * i + 1] = color.g; out[3 * i + 2] = color.b
                }
            }
        }
        return canvas
    }

    /// The plain-style picture: one character per cell, each cell one pixel wide and two tall.
    /// Gray levels go through `ramp`; overlay cells use the legend's marks.
    func characters(width: Int, height: Int) -> CellGrid {
        let layers = Layers(self, width: width, height: height, edgeThickness: 1)
        var grid = CellGrid(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                let i = y * width + x
                let mark = layers.edge(i)?.edgeMark ?? (mode == .filled ? layers.region(i)?.fillMark : nil)
                grid[x, y] = Cell(mark ?? Self.rampCharacter(layers.gray[i]))
            }
        }
        return grid
    }

    /// Gray levels from dark to bright; none of the overlay marks appears in it.
    public static let ramp: [Unicode.Scalar] = [" ", ".", ",", ":", "-", "=", "+", "*", "%"]

    static func rampCharacter(_ value: Float) -> Unicode.Scalar {
        let clamped = value > 0 ? min(value, 1) : 0
        return ramp[min(ramp.count - 1, Int(clamped * Float(ramp.count)))]
    }

    /// The plain-style marks in use and what they mean.
    var legend: Legend {
        var covers: [Cover] = []
        if mask != nil { covers.append(.mask) }
        if prediction != nil { covers.append(.prediction) }
        if mask != nil, prediction != nil { covers.append(.overlap) }
        return Legend(entries: covers.flatMap { cover in
            let edge = (Cell(cover.edgeMark), "\(cover.rawValue) edge")
            return mode == .filled ? [(Cell(cover.fillMark), cover.rawValue), edge] : [edge]
        })
    }
}

/// Which overlay layers cover a pixel, with how each case is drawn.
enum Cover: String {
    case mask, prediction, overlap

    init?(mask: Bool, prediction: Bool) {
        switch (mask, prediction) {
        case (true, true): self = .overlap
        case (true, false): self = .mask
        case (false, true): self = .prediction
        case (false, false): return nil
        }
    }

    var color: RGB {
        switch self {
        case .mask: Palette.mask
        case .prediction: Palette.prediction
        case .overlap: Palette.overlap
        }
    }

    /// Plain-style marks: none is in the gray ramp, and each edge differs from its fill.
    var fillMark: Unicode.Scalar {
        switch self {
        case .mask: "#"
        case .prediction: "o"
        case .overlap: "x"
        }
    }

    var edgeMark: Unicode.Scalar {
        switch self {
        case .mask: "@"
        case .prediction: "O"
        case .overlap: "X"
        }
    }
}

/// The image and masks resampled to one display size, with the masks' edges.
private struct Layers {
    let gray: [Float]
    let truth: [Bool]?
    let predicted: [Bool]?
    let truthEdge: [Bool]?
    let predictedEdge: [Bool]?

    init(_ overlay: Overlay, width: Int, height: Int, edgeThickness: Int) {
        gray = Resample.image(overlay.image, width: width, height: height)
        truth = overlay.mask.map { Resample.mask($0, width: width, height: height) }
        predicted = overlay.prediction.map { Resample.mask($0, width: width, height: height) }
        truthEdge = truth.map { Self.edges($0, width: width, height: height, thickness: edgeThickness) }
        predictedEdge = predicted.map { Self.edges($0, width: width, height: height, thickness: edgeThickness) }
    }

    /// The layers whose edge passes through pixel `i`.
    func edge(_ i: Int) -> Cover? {
        Cover(mask: truthEdge?[i] ?? false, prediction: predictedEdge?[i] ?? false)
    }

    /// The layers covering pixel `i`.
    func region(_ i: Int) -> Cover? {
        Cover(mask: truth?[i] ?? false, prediction: predicted?[i] ?? false)
    }

    /// A set pixel is on the edge when a pixel within `thickness` steps left, right, up or
    /// down is unset or off the picture (so a region touching the border is closed there).
    static func edges(_ region: [Bool], width: Int, height: Int, thickness: Int) -> [Bool] {
        var out = [Bool](repeating: false, count: region.count)
        func isSet(_ x: Int, _ y: Int) -> Bool {
            x >= 0 && y >= 0 && x < width && y < height && region[y * width + x]
        }
        for y in 0..<height {
            for x in 0..<width where region[y * width + x] {
                var edge = false
                for d in 1...thickness where !edge {
                    edge = !isSet(x - d, y) || !isSet(x + d, y) || !isSet(x, y - d) || !isSet(x, y + d)
                }
                out[y * width + x] = edge
            }
        }
        return out
    }
}
