import Data
import Foundation

/// How `load` shows a dataset build on stderr: on a terminal a line redrawn in place
/// (count, images per second, time left) and a last line when done; elsewhere (scripts,
/// notebooks, the Jupyter kernel) only the last line, so logs get no carriage returns and
/// the session's own output is the same whether the cache served the load or not.
enum LoadProgressLine {
    /// The callback for `Dataset.load`; the loader calls it from one thread at a time.
    static func reporter(live: Bool = isatty(STDERR_FILENO) == 1) -> @Sendable (LoadProgress) -> Void {
        { p in
            let rate = String(format: "%.0f images/s", p.imagesPerSecond)
            if p.finished {
                let text = "decoded \(p.total) images in \(FitProgressLine.duration(p.elapsed)) (\(rate))"
                write(live ? "\r" + text + "\u{1B}[K\n" : text + "\n")
            } else if live {
                write("\rdecoding \(p.done)/\(p.total)  \(rate)  eta \(FitProgressLine.duration(p.secondsLeft))\u{1B}[K")
            }
        }
    }

    private static func write(_ text: String) {
        FileHandle.standardError.write(Foundation.Data(text.utf8))
    }
}
