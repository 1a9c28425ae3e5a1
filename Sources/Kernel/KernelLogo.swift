import Render

/// The kernelspec's logo, drawn by Pleura's own canvas and PNG writer: two lungs, the
/// left one (the viewer's right) with a red pneumothorax crescent, on the house ink.
enum KernelLogo {
    static func png(size: Int) throws -> [UInt8] {
        var canvas = Canvas(width: size, height: size, background: Palette.ink)
        let s = Double(size)
        for y in 0..<size {
            for x in 0..<size {
                let (u, v) = ((Double(x) + 0.5) / s, (Double(y) + 0.5) / s)
                for centre in [0.3, 0.7] {
                    // Each lung is an ellipse; the right-hand one has a crescent of free air at its edge.
                    let (dx, dy) = ((u - centre) / 0.17, (v - 0.55) / 0.36)
                    let r = dx * dx + dy * dy
                    guard r <= 1 else { continue }
                    canvas.plot(x: x, y: y, centre > 0.5 && dx > 0.35 && r > 0.55 ? Palette.mask : RGB(205, 215, 225))
                }
            }
        }
        // The trachea between them.
        canvas.fill(x: size / 2 - max(1, size / 32), y: size / 10, width: max(2, size / 16), height: size * 3 / 10, RGB(205, 215, 225))
        return try canvas.pngData()
    }
}
