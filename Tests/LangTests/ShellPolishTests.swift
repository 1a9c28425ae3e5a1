import Foundation
import TestSupport
import Testing
import Lang

/// What a new user at the shell reads: numbers without float noise, help that explains
/// variables and fits 80 columns, errors on one line where they quote a value, and Tab
/// completion through indexes.
@Suite struct ShellPolishTests {
    /// 0.1 + 0.2 is 0.30000000000000004 in Double and 3 * 1.1 is 3.3000000000000003 (their
    /// last bits are not those of 0.3 and 3.3); the display drops that noise, while
    /// `exact` still reads back bit for bit.
    @Test func numbersShowWithoutFloatNoiseButScriptsGetExactText() {
        let sum = 0.1 + 0.2, product = 3 * 1.1
        #expect(sum != 0.3 && product != 3.3)   // the premise: the noise is really there
        #expect(Value.format(sum) == "0.3")
        #expect(Value.format(product) == "3.3")
        #expect(Value.format(0.0002500000000000001) == "0.00025")
        #expect(Value.format(1.5e-7) == "1.5e-07")
        #expect(Value.format(-2.5) == "-2.5")
        #expect(Value.format(42) == "42")
        #expect(Value.format(1.0 / 3) == "0.333333333333333")
        for x in [product, sum, 0.0002500000000000001, 1.0 / 3, 1.5e-7, 6.02214076e23, -0.001, 2.5] {
            #expect(Double(Value.exact(x)) == x, "\(Value.exact(x)) must read back as \(x)")
            // 15 significant digits: within half a unit in the 15th digit.
            let shown = Double(Value.format(x)) ?? .nan
            #expect(abs(shown - x) <= abs(x) * 5e-15)
        }
        #expect(Harness().run("lr = 0.1 + 0.2\nlr") == "0.3")
    }

    /// A value quoted in a type error stays on one line and is cut between words.
    @Test func aQuotedValueInAnErrorIsOneLine() {
        let long = Value.list((0..<30).map { .string("item number \($0)") })
        let brief = long.brief()
        #expect(!brief.contains("\n"))
        #expect(brief.count <= 40)
        #expect(brief.hasSuffix("..."))
        #expect(Value.string("a\nb").brief() == "\"a\\nb\"")
        let report = Harness().fail("histogram \"not a list of numbers at all, but a long string\"")
        let message = report.split(separator: "\n")[0]
        // The 49-character string cut to 37 characters, back to the last space, plus "...".
        #expect(message.hasSuffix("got string \"not a list of numbers at all, but a..."))
        // A summary that starts with its kind does not say it twice.
        let dataset = Harness().fail("histogram synth_dataset(count=4, size=32, seed=1)").split(separator: "\n")[0]
        #expect(dataset.contains("got dataset of 4 images"))
    }

    /// The argument names in an error go on lines of their own when the sentence would
    /// pass 80 columns, broken between names; a short list stays on the sentence's line.
    @Test func argumentListsWrapBetweenNames() {
        let h = Harness()
        let report = h.fail("preview hflip() synth_sample(size=32, seed=1) sed=3")
        let lines = report.split(separator: "\n").map(String.init)
        for line in lines { #expect(line.count <= 80, "too wide: \(line)") }
        for name in ["aug", "sample", "n", "seed", "png", "width"] {
            #expect(lines.contains { $0.contains("`\(name)`") })
        }
        #expect(report.contains("did you mean `seed`?"))
        let short = h.fail("len [1] nope=2").split(separator: "\n")[0]
        #expect(short.hasSuffix("`len` has no argument `nope`; it takes `value`"))
    }

    /// Every help signature and description, and every line of the overview, fits in 80
    /// columns; only example code may be longer.
    @Test func helpFitsEightyColumns() {
        let registry = Registry.standard()
        for name in registry.names {
            guard let b = registry[name] else { continue }
            let text = b.helpText.components(separatedBy: "\nexample:\n")[0]
            for line in text.split(separator: "\n") { #expect(line.count <= 80, "`help \(name)`: \(line)") }
            // The wrapped signature is the one-line signature with line breaks added.
            let joined = b.wrappedSignature(width: 80).replacingOccurrences(of: "\n    ", with: " ")
            #expect(joined == b.signature)
        }
        for line in registry.overview().split(separator: "\n") { #expect(line.count <= 80, "help: \(line)") }
    }

    /// `help VAR` explains a variable; every name `help` suggests is one it then accepts.
    @Test func helpExplainsVariablesAndSuggestsOnlyWhatItAccepts() {
        let h = Harness()
        h.run("sp = {train: 1, val: 2}\nthreshold = 0.5")
        let record = h.run("help sp")
        #expect(record.hasPrefix("sp is a record: {train: 1, val: 2}"))
        #expect(record.contains("members: sp.train, sp.val"))
        #expect(h.run("help threshold").hasPrefix("threshold is a number: 0.5"))
        h.run("ds = synth_dataset(count=4, size=32, seed=1)")
        let dataset = h.run("help ds")
        #expect(dataset.hasPrefix("ds is a dataset of 4 images"))
        #expect(dataset.contains("commands that take it:"))
        #expect(dataset.contains(" split"))   // split's first parameter is a dataset
        let report = h.fail("help threshol")
        #expect(report.contains("did you mean `threshold`?"))
        #expect(!h.run("help threshold").isEmpty)
    }

    /// `help` and `example` print, they do not compute: a saved script leaves them out.
    @Test func helpAndExampleAreNotRecorded() {
        let h = Harness()
        h.run("x = 1\nhelp len\nhelp x\nexample len\nhelp")
        #expect(h.session.statements == ["x = 1"])
    }

    /// Tab after `ds[3].` offers a sample's members; the chain is evaluated without running
    /// a command, and anything else before the dot offers nothing.
    @Test func completionReachesMembersThroughIndexes() {
        let h = Harness()
        h.run("ds = synth_dataset(count=4, size=32, seed=1)\nrecs = [{alpha: 1, beta: 2}]\nnested = {inner: {gamma: 3}}")
        let sample = h.session.complete("ds[3].", cursor: 6)
        #expect(sample.candidates.contains("id"))
        #expect(sample.candidates.contains("area"))
        #expect(h.session.complete("recs[-1].al", cursor: 11).candidates == ["alpha"])
        #expect(h.session.complete("nested.inner.g", cursor: 14).candidates == ["gamma"])
        #expect(h.session.complete("nested[\"inner\"].", cursor: 16).candidates == ["gamma"])
        #expect(h.session.complete("ds[9].", cursor: 6).candidates.isEmpty)   // out of range
        #expect(h.session.complete("ds[i].", cursor: 6).candidates.isEmpty)   // not a literal
        #expect(h.session.complete("synth_sample().", cursor: 15).candidates.isEmpty)
    }

    /// A write into a folder that does not exist is refused up front, naming the folder as
    /// it was written.
    @Test func aMissingFolderIsNamed() throws {
        let dir = try TemporaryDirectory("folder").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/ok", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir + "/plain", contents: Data())
        let h = Harness(directory: dir)
        let report = h.fail("save \"ok/sub/x.pleura\"")
        #expect(report.contains("error: no such folder: ok/sub\n"))
        #expect(h.fail("save \"plain/x.pleura\"").contains("error: not a folder: plain\n"))
        h.run("save \"ok/x.pleura\"")
        #expect(FileManager.default.fileExists(atPath: dir + "/ok/x.pleura"))
    }

    /// `synth` answers in one line; the paths are still there as a member.
    @Test func synthPrintsOneLine() throws {
        let dir = try TemporaryDirectory("synth-line").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = Harness(directory: dir)
        let line = h.run("synth \"demo\" count=5 size=32 seed=2")
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix("wrote 5 synthetic images to demo ("))
        h.run("made = synth(\"demo2\", count=5, size=32, seed=2)")
        #expect(h.run("len made.files") == "5")
        #expect(h.run("made.count") == "5")
        let csv = try String(contentsOfFile: dir + "/demo2/train-rle.csv", encoding: .utf8)
        let positives = Set(csv.split(separator: "\n").dropFirst().filter { !$0.hasSuffix(",-1") && !$0.hasSuffix(", -1") }
            .map { $0.split(separator: ",")[0] }).count
        #expect(h.run("made.positives") == String(positives))
    }

    /// With colour chosen (`--color=always`) a figure is drawn in colour even when the
    /// output is not a terminal, as here under the test runner.
    @Test func aColouredSessionColoursFigures() {
        let coloured = Session(sink: CapturedOutput(), color: true)
        let plain = Session(sink: CapturedOutput(), color: false)
        let statement = "show tensor([[0, 1], [1, 0]]) width=8"
        coloured.run(statement)
        plain.run(statement)
        let colouredText = (coloured.sink as? CapturedOutput)?.text ?? ""
        let plainText = (plain.sink as? CapturedOutput)?.text ?? ""
        #expect(colouredText.contains("\u{1B}["))
        #expect(!plainText.contains("\u{1B}["))
    }
}

@Suite struct RefusedWriteTests {
    /// `coverage` prints a line of statistics before it draws; with a `png=` it may not
    /// write, the refusal is all it reports.
    @Test func aRefusedPNGPrintsNothingElse() throws {
        let dir = try TemporaryDirectory("png-refused").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = Harness(directory: dir)
        h.run("ds = synth_dataset(count=8, size=32, seed=6)")
        for path in ["/coverage.png", "missing/coverage.png"] {
            let report = h.fail("coverage ds png=\"\(path)\"")
            #expect(h.output.text.isEmpty, "printed: \(h.output.text)")
            #expect(report.contains("png="))   // the caret line shows the argument
        }
        #expect(h.fail("coverage ds png=\"missing/c.png\"").contains("no such folder: missing"))
        #expect(!h.run("coverage ds bins=4 width=40").isEmpty)
    }
}

@Suite struct PreviewCaptionTests {
    /// At 80 columns a tile is 18 wide; the caption names every transform that fired,
    /// whole, and no line of the figure passes 80 columns.
    @Test func captionsKeepTransformNamesAtEightyColumns() {
        let h = Harness()
        let text = h.run("preview(hflip(p=1) | gamma(80, 120, p=1) | shift_scale_rotate(p=1), "
                         + "synth_sample(size=32, seed=1), n=4, seed=1, width=80)")
        let lines = text.split(separator: "\n").map(String.init)
        for line in lines { #expect(line.count <= 80, "too wide: \(line)") }
        let words = Set(text.split { $0 == " " || $0 == "\n" || $0 == "|" || $0 == "(" }.map(String.init))
        for name in ["hflip", "gamma", "shift_scale_rotate"] { #expect(words.contains(name), "\(name) in \(text)") }
        #expect(!text.contains("~"))   // nothing was cut to fit
    }
}

@Suite struct StartUpTests {
    /// A session's start writes nothing: the journal file appears, header first, with the
    /// first statement recorded.
    @Test func theJournalIsCreatedByTheFirstRecordedStatement() throws {
        let dir = try TemporaryDirectory("lazy-journal").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = Harness(seed: 3, directory: dir)
        h.session.journal = try Journal(path: dir + "/j.pleura", seed: 3)
        h.run("help len")   // not recorded, so still nothing on disk
        #expect(!FileManager.default.fileExists(atPath: dir + "/j.pleura"))
        h.run("x = 1")
        let text = try String(contentsOfFile: dir + "/j.pleura", encoding: .utf8)
        #expect(text.hasPrefix("# Pleura \(Script.version) session script\n# seed: 3\n# date: "))
        #expect(text.hasSuffix("\nx = 1\n"))
        #expect(throws: LangError.self) { try Journal(path: dir + "/missing/j.pleura", seed: 0) }
    }

    /// Dates come from the C library in UTC, in the ISO 8601 form the header always had.
    @Test func headerDatesAreISO8601InUTC() {
        #expect(Script.header(seed: 0, date: Date(timeIntervalSince1970: 0)).hasSuffix("# date: 1970-01-01T00:00:00Z\n"))
        // 1,700,000,000 s after the epoch is 2023-11-14 22:13:20 UTC.
        #expect(Script.utc(Date(timeIntervalSince1970: 1_700_000_000), "%Y%m%d-%H%M%S") == "20231114-221320")
    }
}
