/// An RGB raster (8 bits per channel, row-major, interleaved) that every PNG figure is drawn on.
/// Drawing clips to the canvas, so callers can draw shapes that run past its edges.
public struct Canvas: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `3 * width * height` bytes: r, g, b of pixel (x, y) at `3 * (y * width + x)`.
    public internal(set) var pixels: [UInt8]

    /// A canvas filled with `background`; negative sizes give an empty canvas.
    public init(width: Int, height: Int, background: RGB = Palette.background) {
        self.width = max(0, width)
        self.height = max(0, height)
        var bytes = [UInt8](repeating: 0, count: 3 * self.width * self.height)
        bytes.withUnsafeMutableBufferPointer { p in
            var i = 0
            while i < p.count {
                p[i] = background.r; p[i + 1] = background.g; p[i + 2] = background.b
                i += 3
            }
        }
        pixels = bytes
    }

    /// The colour at (x, y); both must lie inside the canvas.
    public subscript(x: Int, y: Int) -> RGB {
        get {
            let i = 3 * (y * width + x)
            return RGB(pixels[i], pixels[i + 1], pixels[i + 2])
        }
        set {
            let i = 3 * (y * width + x)
            pixels[i] = newValue.r; pixels[i + 1] = newValue.g; pixels[i + 2] = newValue.b
        }
    }

    public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Sets one pixel, ignoring points outside the canvas.
    public mutating func plot(x: Int, y: Int, _ color: RGB) {
        if contains(x: x, y: y) { self[x, y] = color }
    }

    /// Fills the rectangle `[x, x + width) x [y, y + height)`, clipped.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, _ color: RGB) {
        let x0 = max(0, x), x1 = min(width, x + w)
        let y0 = max(0, y), y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        let stride = width
        pixels.withUnsafeMutableBufferPointer { p in
            for row in y0..<y1 {
                var i = 3 * (row * stride + x0)
                for _ in x0..<x1 {
                    p[i] = color.r; p[i + 1] = color.g; p[i + 2] = color.b
                    i += 3
                }
            }
        }
    }

    /// Draws the one-pixel outline of the rectangle `[x, x + width) x [y, y + height)`.
    public mutating func stroke(x: Int, y: Int, width w: Int, height h: Int, _ color: RGB) {
        guard w > 0, h > 0 else { return }
        fill(x: x, y: y, width: w, height: 1, color)
        fill(x: x, y: y + h - 1, width: w, height: 1, color)
        fill(x: x, y: y, width: 1, height: h, color)
        fill(x: x + w - 1, y: y, width: 1, height: h, color)
    }

    /// Draws a straight line from (x0, y0) to (x1, y1) inclusive (Bresenham), with a square pen
    /// `thickness` pixels wide.
    public mutating func line(from x0: Int, _ y0: Int, to x1: Int, _ y1: Int,
                              _ color: RGB, thickness: Int = 1) {
        let t = max(1, thickness), lead = (t - 1) / 2
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var x = x0, y = y0, err = dx + dy
        while true {
            fill(x: x - lead, y: y - lead, width: t, height: t, color)
            if x == x1 && y == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }

    /// Copies `other` with its top-left corner at (x, y), clipped.
    public mutating func draw(_ other: Canvas, x: Int, y: Int) {
        let x0 = max(0, x), x1 = min(width, x + other.width)
        let y0 = max(0, y), y1 = min(height, y + other.height)
        guard x0 < x1, y0 < y1 else { return }
        let rowBytes = 3 * (x1 - x0)
        let stride = width
        pixels.withUnsafeMutableBufferPointer { dst in
            other.pixels.withUnsafeBufferPointer { src in
                for row in y0..<y1 {
                    let d = 3 * (row * stride + x0)
                    let s = 3 * ((row - y) * other.width + (x0 - x))
                    dst.baseAddress!.advanced(by: d)
                        .update(from: src.baseAddress!.advanced(by: s), count: rowBytes)
                }
            }
        }
    }
}
