import Render

/// A chart or picture, shown in the terminal by `show` or written as a PNG with `png=`.
public final class FigureObject: EngineObject {
    public let figure: any Figure
    let title: String

    public init(_ figure: any Figure, title: String) {
        self.figure = figure
        self.title = title
    }

    public var kind: String { "figure" }
    public var summary: String { "figure: \(title) (`show` it, or `show x png=\"file.png\"`)" }
}
