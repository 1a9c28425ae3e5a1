/// The colours every view shares, so a mask is the same red in the terminal and in a PNG.
public enum Palette {
    /// Ground-truth mask.
    public static let mask = RGB(230, 40, 40)
    /// Predicted mask.
    public static let prediction = RGB(40, 210, 60)
    /// Where mask and prediction agree.
    public static let overlap = RGB(250, 220, 30)
    /// Opacity of a filled overlay: enough to see the region, little enough to see the lung under it.
    public static let fillAlpha: Float = 0.4

    /// Figure background, axes, light grid lines and text.
    public static let background = RGB.white
    public static let ink = RGB(30, 30, 30)
    public static let gridLine = RGB(225, 225, 225)
    /// Bars of histograms and bar charts.
    public static let bar = RGB(70, 120, 180)

    /// Line-plot series colours in order (a colour-blind-safe qualitative set).
    public static let series: [RGB] = [
        RGB(0, 114, 178), RGB(213, 94, 0), RGB(0, 158, 115),
        RGB(204, 121, 167), RGB(230, 159, 0), RGB(86, 180, 233),
    ]

    /// The colour of series `index`, cycling when there are more series than colours.
    public static func seriesColor(_ index: Int) -> RGB { series[index % series.count] }
}
