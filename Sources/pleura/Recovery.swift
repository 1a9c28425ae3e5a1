import Foundation
import Lang

/// Journals of sessions that did not end cleanly: a session removes its journal when it
/// ends, so any journal whose process is gone was left by a crash or a kill.
enum Recovery {
    /// A fresh journal path for this process: `<date>-<pid>.pleura`.
    static func newJournalPath() -> String {
        StateDirectory.journals + "/\(Script.utc(Date(), "%Y%m%d-%H%M%S"))-\(getpid()).pleura"
    }

    /// Journals whose session is no longer running, oldest first.
    static func orphans() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: StateDirectory.journals)) ?? []
        return names.filter { $0.hasSuffix(".pleura") && !isRunning($0) }.sorted()
            .map { StateDirectory.journals + "/" + $0 }
    }

    private static func isRunning(_ name: String) -> Bool {
        guard let pid = name.dropLast(".pleura".count).split(separator: "-").last.flatMap({ Int32($0) }) else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// Lists the orphaned journals, numbered, and asks which one to replay.
    /// Returns its path, or nil when there is none or the answer is empty.
    static func choose() -> String? {
        let journals = orphans()
        guard !journals.isEmpty else {
            say("no journals to recover: every session ended cleanly\n")
            return nil
        }
        for (i, path) in journals.enumerated() {
            let lines = ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
                .split(separator: "\n").filter { !$0.hasPrefix("#") }
            let last = lines.last.map { ", last: \($0.prefix(60))" } ?? ""
            say("\(i + 1)  \(path)  (\(lines.count) statements\(last))\n")
        }
        while true {
            say("replay which journal? [1-\(journals.count), Enter for none] ")
            guard let answer = readLine()?.trimmingCharacters(in: .whitespaces), !answer.isEmpty else { return nil }
            if let n = Int(answer), n >= 1 && n <= journals.count { return journals[n - 1] }
            say("please answer with a number from 1 to \(journals.count)\n")
        }
    }

    private static func say(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
