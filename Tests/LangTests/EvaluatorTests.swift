import Foundation
import Lang
import Testing

/// A session with captured output, and a way to run text and read back what it printed.
final class Harness {
    let output = CapturedOutput()
    let session: Session

    init(seed: UInt64 = 0, directory: String = FileManager.default.temporaryDirectory.path) {
        session = Session(seed: seed, sink: output, sandbox: Sandbox(workingDirectory: directory))
    }

    /// Runs `text` and returns its text output; records an issue if a statement failed.
    @discardableResult
    func run(_ text: String) -> String {
        output.clear()
        let ok = session.run(text)
        if !ok { Issue.record("`\(text)` failed: \(output.errors)") }
        return output.text
    }

    /// Runs `text`, which must fail, and returns the error report.
    func fail(_ text: String) -> String {
        output.clear()
        #expect(!session.run(text), "`\(text)` should fail")
        return output.errors
    }
}

@Suite struct EvaluatorTests {
    @Test func arithmeticAndComparison() {
        let h = Harness()
        #expect(h.run("1 + 2 * 3") == "7")
        #expect(h.run("(1 + 2) * 3") == "9")
        #expect(h.run("7 % 3") == "1")
        #expect(h.run("2 ^ 3 ^ 2") == "512")   // right-associative: 2^(3^2)
        #expect(h.run("-2 ^ 2") == "-4")
        #expect(h.run("1 / 4") == "0.25")
        #expect(h.run("1 < 2 and not (3 == 3)") == "false")
        #expect(h.run("\"ab\" + \"cd\"") == "\"abcd\"")
        #expect(h.run("[1] + [2, 3]") == "[1, 2, 3]")
    }

    @Test func variablesIndexingAndSlicing() {
        let h = Harness()
        h.run("xs = [10, 20, 30, 40]")
        #expect(h.run("xs[1]") == "20")
        #expect(h.run("xs[-1]") == "40")
        #expect(h.run("xs[1:3]") == "[20, 30]")
        #expect(h.run("xs[:-2]") == "[10, 20]")
        #expect(h.run("(0..10)[3:5]") == "3..5")
        #expect(h.run("r = {train: 1, val: 2}; r.val") == "2")
        #expect(h.run("\"chest\"[1:3]") == "\"he\"")
    }

    @Test func userFunctionsWithDefaultsAndNamedArguments() {
        let h = Harness()
        h.run("fn ratio(tp, fp, fn_, a=0.7) = tp / (tp + a*fp + (1-a)*fn_)")
        // 8 / (8 + 0.7*2 + 0.3*4) = 8 / 10.6
        #expect(h.run("ratio(8, 2, 4)") == Value.format(8 / (8 + 0.7 * 2 + (1 - 0.7) * 4)))
        #expect(h.run("ratio(8, 2, 4, a=0.5)") == Value.format(8 / (8 + 0.5 * 2 + 0.5 * 4)))
        #expect(h.run("help ratio") == "fn ratio(tp, fp, fn_, a=0.7) = tp / (tp + a * fp + (1 - a) * fn_)")
    }

    @Test func runawayRecursionIsAnErrorNotACrash() {
        let h = Harness()
        h.run("fn f(x) = f(x + 1)")
        #expect(h.fail("f(0)").contains("nested more than"))
    }

    @Test func unknownNamesSuggestTheNearest() {
        let h = Harness()
        h.run("threshold = 0.5")
        let report = h.fail("treshold + 1")
        #expect(report.contains("unknown name `treshold`"))
        #expect(report.contains("did you mean `threshold`?"))
        #expect(report.contains("<input>:1:1:"))
        let command = h.fail("lenn [1]")
        #expect(command.contains("unknown command `lenn`"))
        #expect(command.contains("did you mean `len`?"))
    }

    @Test func unknownNamedArgumentsSuggestTheParameter() {
        let h = Harness()
        let report = h.fail("seed valeu=3")
        #expect(report.contains("`seed` has no argument `valeu`"))
        #expect(report.contains("did you mean `value`?"))
        // The caret sits under the argument's name, at column 6.
        #expect(report.contains(" 1 | seed valeu=3\n   |      ^^^^^"))
    }

    @Test func wrongArgumentTypesNameTheExpectedType() {
        let h = Harness()
        let report = h.fail("seed \"forty\"")
        #expect(report.contains("`value` of `seed` must be an integer, got string"))
        #expect(h.fail("sqrt [1]").contains("must be a number or a tensor, got list"))
    }

    @Test func anErrorLeavesTheSessionUsable() {
        let h = Harness()
        h.run("a = 1")
        _ = h.fail("a = nope")
        #expect(h.run("a") == "1")
    }

    @Test func builtinsCannotBeShadowed() {
        let h = Harness()
        #expect(h.fail("len = 3").contains("`len` is a builtin command"))
    }

    @Test func memberErrorsListTheMembers() {
        let h = Harness()
        h.run("r = {train: 1, val: 2}")
        let report = h.fail("r.trian")
        #expect(report.contains("did you mean `train`?"))
        #expect(report.contains("it has `train`, `val`"))
        #expect(report.contains("<input>:1:3:"))
    }

    @Test func indexOutOfRangeSaysTheSize() {
        let h = Harness()
        #expect(h.fail("[1, 2, 3][3]").contains("index 3 is outside this list of 3 items"))
    }

    @Test func rangesAndReductions() {
        let h = Harness()
        #expect(h.run("sum 0..101") == "5050")
        #expect(h.run("mean [1, 2, 3, 4]") == "2.5")
        #expect(h.run("max [3, 9, 2]") == "9")
        #expect(h.run("len 0..10") == "10")
        #expect(h.fail("list 0..10000000").contains("at most 1000000"))
    }

    @Test func helpAndExampleComeFromTheRegistry() {
        let h = Harness()
        let overview = h.run("help")
        for name in h.session.registry.names { #expect(overview.contains(name)) }
        #expect(h.run("help len").hasPrefix("len(value: any)"))
        #expect(h.run("example len") == "> len [4, 5, 6]\n3\n> len 0..10\n10")
        #expect(h.fail("help lne").contains("did you mean `len`?"))
    }

    @Test func everyBuiltinsExampleRuns() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pleura-examples-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let h = Harness(directory: directory)
        for name in h.session.registry.names {
            h.output.clear()
            #expect(h.session.run("example \(name)"), "example \(name): \(h.output.errors)")
        }
    }
}
