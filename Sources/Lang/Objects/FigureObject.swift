import Foundation
import Render

/// A chart or picture. A statement whose value is a figure draws it in the terminal;
/// `show x png="file.png"` (or `png=` on the builtin that made it) writes it as a PNG.
public final class FigureObject: EngineObject {
    public let figure: any Figure
    let title: String
    /// Terminal columns to draw it in; nil fits the terminal.
    let width: Int?

    public init(_ figure: any Figure, title: String, width: Int? = nil) {
        self.figure = figure
        self.title = title
        self.width = width
    }

    public var kind: String { "figure" }
    public var summary: String { "figure: " + (title.isEmpty ? "untitled" : title) }
    /// The one line a reader without images sees instead: Jupyter's `text/plain` beside the
    /// PNG, a notebook's alternative text.
    public var caption: String { title.isEmpty ? "figure" : "figure: " + title }

    public func display(color: Bool) -> String {
        var text = figure.terminal(style: Self.style(color: color), width: width)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// The session decided whether to colour (`--color`, `NO_COLOR`, a terminal); here
    /// only the depth is chosen, so `--color=always` colours a figure even into a pipe.
    static func style(color: Bool) -> TerminalStyle {
        guard color else { return .plain }
        return TerminalStyle.detect(environment: ProcessInfo.processInfo.environment.filter { $0.key != "NO_COLOR" },
                                    outputIsTerminal: true)
    }
}
