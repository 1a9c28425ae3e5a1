import Foundation

/// How terminal output is drawn. Chosen once from the environment by `detect`, and passed
/// explicitly everywhere else, so tests and the `color=` option can force any of them.
public enum TerminalStyle: String, Sendable, CaseIterable {
    /// Half-block cells in 24-bit colour.
    case truecolor
    /// Half-block cells in the xterm 256-colour palette.
    case ansi256
    /// Characters only, no escape sequences: for `NO_COLOR`, pipes, files and notebooks.
    case plain

    /// The style for an environment: `NO_COLOR` (set and non-empty) or a non-terminal output
    /// gives `.plain`; otherwise `COLORTERM` of `truecolor`/`24bit` gives `.truecolor`, and
    /// anything else `.ansi256`.
    public static func detect(environment: [String: String], outputIsTerminal: Bool) -> TerminalStyle {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .plain }
        if !outputIsTerminal { return .plain }
        let colorTerm = environment["COLORTERM"]?.lowercased() ?? ""
        return colorTerm == "truecolor" || colorTerm == "24bit" ? .truecolor : .ansi256
    }

    /// The style for this process's standard output.
    public static var current: TerminalStyle {
        detect(environment: ProcessInfo.processInfo.environment,
               outputIsTerminal: isatty(STDOUT_FILENO) == 1)
    }
}

/// The size of the terminal in character cells.
public struct TerminalSize: Sendable, Equatable {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }

    /// What output gets when nothing says otherwise: the classic 80 x 24.
    public static let fallback = TerminalSize(columns: 80, rows: 24)

    /// The size of the terminal on standard output (`TIOCGWINSZ`), else `COLUMNS`/`LINES`,
    /// else `fallback`.
    public static var current: TerminalSize {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 {
            return TerminalSize(columns: Int(size.ws_col), rows: Int(size.ws_row))
        }
        let env = ProcessInfo.processInfo.environment
        return TerminalSize(columns: env["COLUMNS"].flatMap { Int($0) }.map { max(1, $0) } ?? fallback.columns,
                            rows: env["LINES"].flatMap { Int($0) }.map { max(1, $0) } ?? fallback.rows)
    }
}
