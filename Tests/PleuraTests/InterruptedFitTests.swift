import Foundation
import Testing

/// A `fit` cut short (Ctrl-C, a time budget) is journaled and saved as what ran, so
/// `--recover` and `run` end with the same weights: `m.digest` is the same.
@Suite struct InterruptedFitTests {
    static let setup = "ds = synth_dataset(count=8, size=32, seed=1)\nm = unet(base=4, depth=2, seed=1)\n"

    /// The 16 hex digits printed after the last `digest=` in `text`.
    private func digest(in text: String) throws -> String {
        let matches = text.matches(of: /digest=([0-9a-f]{16})/)
        return String(try #require(matches.last).output.1)
    }

    @Test func aFitInterruptedByCtrlCRecoversToTheSameWeightsAfterAKill() throws {
        let dir = try Binary.sandbox("ctrlc-fit")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let before: String
        do {
            let term = try PseudoTerminal(environment: Binary.environment(dir, extra: ["NO_COLOR": "1"]))
            term.expect("pleura> ")
            for line in Self.setup.split(separator: "\n") {
                term.send(line + "\r")
                term.expect("pleura> ")
            }
            // Far more epochs than the test waits for; Ctrl-C once the first epoch is printed.
            term.send("h = fit m ds epochs=400 batch=2 sched=\"cosine\" seed=1\r")
            term.expect("epoch 1/400  loss ")
            term.send("\u{03}")
            term.expect(": interrupted")
            // The message starts on its own line: the live progress line was cleared first.
            // (The terminal's own echo of Ctrl-C, `^C`, may land anywhere: it is not pleura's.)
            let stopped = try #require(term.transcript.range(of: "stopped ", options: .backwards))
            let preceding = term.transcript[..<stopped.lowerBound].replacingOccurrences(of: "^C", with: "")
            // (`\r\n`, the terminal's end of line, is one Character, so it is matched whole.)
            #expect(preceding.hasSuffix("\r\n") || preceding.hasSuffix("\r\u{1B}[K"), "\(preceding.suffix(120).debugDescription)")
            // The live line on stderr showed the run's length and an estimate for all of it,
            // and the run ends with its total time.
            #expect(term.transcript.contains("\r  epoch 1/400  batch 1/4  loss "))
            #expect(term.transcript.firstMatch(of: /img\/s  eta [0-9.hms]+\u{1B}\[K/) != nil)
            term.expect("  total time ")
            term.expect("pleura> ")
            term.send("print(\"digest=\" + m.digest)\r")
            term.expect("pleura> ")
            before = try digest(in: term.transcript)
        }   // the terminal's end kills pleura with SIGKILL: its journal is left behind

        let journals = try FileManager.default.contentsOfDirectory(atPath: dir + "/state/pleura/journals")
        #expect(journals.count == 1)
        let journal = try String(contentsOfFile: dir + "/state/pleura/journals/" + journals[0], encoding: .utf8)
        let fit = try #require(journal.split(separator: "\n").first { $0.hasPrefix("h = fit") })
        #expect(fit.contains("epochs=400") && fit.contains(" stop="))
        #expect(fit.contains(" of 400") && fit.hasSuffix(": interrupted"))

        let recovered = try Binary.run(["--recover"], input: "1\nprint(\"digest=\" + m.digest)\n", in: dir)
        #expect(recovered.status == 0)
        #expect(try digest(in: recovered.stdout) == before)
    }

    @Test func aSavedBudgetStoppedFitRunsToTheSameWeights() throws {
        let dir = try Binary.sandbox("budget-fit")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Self.setup + """
            h = fit m ds epochs=1000 batch=2 sched="cosine" seed=1 budget=0.5
            print("digest=" + m.digest)
            save "budget.pleura"

            """
        let recorded = try Binary.run([], input: session, in: dir)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let script = try String(contentsOfFile: dir + "/budget.pleura", encoding: .utf8)
        let fit = try #require(script.split(separator: "\n").first { $0.hasPrefix("h = fit") })
        #expect(fit.contains(" stop=") && !fit.contains("budget="))
        #expect(fit.contains("  # stopped ") && fit.hasSuffix(": budget 0.5s"))

        let replayed = try Binary.run(["run", "budget.pleura"], in: dir)
        #expect(replayed.status == 0, "\(replayed.stderr)")
        #expect(try digest(in: replayed.stdout) == digest(in: recorded.stdout))
    }
}
