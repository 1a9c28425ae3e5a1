import Foundation
import Render
import Segmentation

/// The live line a running `fit` redraws on a terminal's stderr: `epoch 3/40  batch 12/50
/// loss 0.4321  35.2 img/s  eta 4m10s` for the whole run, then the total time at the end.
/// Nothing is drawn unless stderr is a terminal, so scripts, pipes and notebooks see only
/// the epoch lines, which replay byte for byte.
struct FitProgressLine {
    let live: Bool
    private let started = Date()
    /// Whether the cursor sits on a drawn progress line, which must be cleared before
    /// anything else is printed so that it starts on its own line.
    private var drawn = false

    init(live: Bool = isatty(STDERR_FILENO) == 1) { self.live = live }

    /// Redraws the line for `p`, cut at a field boundary to fit the terminal.
    mutating func show(_ p: FitProgress) {
        guard live else { return }
        let fields = ["epoch \(p.epoch + 1)/\(p.epochs)", "batch \(p.batch)/\(p.batches)",
                      "loss " + String(format: "%.4f", p.loss), String(format: "%.1f img/s", p.imagesPerSecond),
                      "eta " + Self.duration(p.secondsLeft)]
        let columns = TerminalSize.current.columns
        var line = ""
        for field in fields {
            let longer = line + "  " + field
            if longer.count >= columns { break }
            line = longer
        }
        write("\r" + line + "\u{1B}[K")
        drawn = true
    }

    /// Clears the line so that what is printed next starts on its own line.
    mutating func clear() {
        guard drawn else { return }
        write("\r\u{1B}[K")
        drawn = false
    }

    /// Clears the line and writes the run's total time.
    mutating func finish() {
        guard live else { return }
        clear()
        write("  total time " + Self.duration(Date().timeIntervalSince(started)) + "\n")
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// `0.4s`, `12s`, `4m10s`, `2h05m`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        if seconds < 10 { return String(format: "%.1fs", seconds) }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" + String(format: "%02ds", s % 60) }
        return "\(s / 3600)h" + String(format: "%02dm", s % 3600 / 60)
    }
}
