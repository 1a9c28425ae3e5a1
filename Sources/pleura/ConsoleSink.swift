import Foundation
import Lang

/// Session output to the process's streams: text and figure notices on stdout, errors on
/// stderr. Each item is one unbuffered write, so a pipe reader sees it at once.
final class ConsoleSink: OutputSink {
    func write(_ output: Output) {
        switch output {
        case .text(let text): FileHandle.standardOutput.write(Data((text + "\n").utf8))
        case .figure(let path): FileHandle.standardOutput.write(Data("figure: \(path)\n".utf8))
        case .error(let report): FileHandle.standardError.write(Data(report.utf8))
        }
    }
}
