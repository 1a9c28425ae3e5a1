import Foundation
import Lang
import Testing

/// Loops, branches, block functions, comprehensions, `if` expressions and interpolated
/// strings: how they parse, print back, run, fail and replay.
@Suite struct ControlFlowTests {
    private func statement(_ text: String) throws -> Statement {
        let results = Parser.parse(SourceText(text))
        #expect(results.count == 1)
        return try #require(results.first).get()
    }

    /// Printing a statement and parsing the print gives the same print: saved scripts are canonical.
    @Test(arguments: [
        "for lr in [1e-3, 3e-4] {\n    h = fit m ds lr=lr\n    print \"lr {lr:.1e}: {h.val_dice[-1]:.4f}\"\n}",
        "if x > 1 {\n    print \"big\"\n} else if x == 1 {\n    print \"one\"\n} else {\n    print \"small\"\n}",
        "fn f(a, b=1) {\n    c = a * b\n    if c > 10 {\n        return c\n    }\n    c + 1\n}",
        "ys = [x * 2 for x in xs if x > 1]",
        "pairs = [a + b for a, b in zip(xs, ys)]",
        "label = if n == 1 then \"image\" else \"images\"",
        "s = \"{{literal}} {f('x')} and {n:>5d}\"",
        "for i, x in enumerate(xs) {\n    if i == 2 {\n        break\n    }\n    continue\n}",
    ])
    func blocksPrintCanonicallyAndReparse(_ text: String) throws {
        let printed = Printer.statement(try statement(text))
        #expect(Printer.statement(try statement(printed)) == printed)
    }

    @Test func theCanonicalFormIndentsBlocksByFourSpaces() throws {
        let text = "for i in 0..3 { if i == 1 { continue }; print i }"
        #expect(Printer.statement(try statement(text)) == "for i in 0..3 {\n    if i == 1 {\n        continue\n    }\n    print i\n}")
        // A string inside the braces takes the other quote; the printer writes it with `"`
        // and the string around it with `'`.
        #expect(Printer.statement(try statement("print \"a {f('x')}\"")) == "print 'a {f(\"x\")}'")
    }

    @Test func loopsGoOverListsRangesStringsDatasetsAndFolds() {
        let h = Harness()
        #expect(h.run("for x in [3, 1, 2] { print x * 10 }") == "30\n10\n20")
        #expect(h.run("total = 0; for i in 1..5 { total = total + i }; total") == "10")
        #expect(h.run("for c in \"ab\" { print c + c }") == "aa\nbb")
        h.run("ds = synth_dataset(count=6, size=32, seed=3)")
        // A dataset's items are its samples; each sample's mask sum counts the same pixels as its `area`.
        #expect(h.run("n = 0; for s in ds { n = n + 1 }; n") == "6")
        h.run("f = folds(ds, k=3, seed=1)")
        // The folds' validation parts partition the dataset.
        #expect(h.run("sizes = [len(sp.val) for sp in f]; sum(sizes)") == "6")
        #expect(h.run("len f") == "3")
    }

    @Test func breakContinueAndReturn() {
        let h = Harness()
        #expect(h.run("out = []; for i in 0..10 { if i % 2 == 1 { continue }; if i > 6 { break }; out = out + [i] }; out")
                == "[0, 2, 4, 6]")
        h.run("fn first_over(xs, limit) {\n for x in xs {\n  if x > limit { return x }\n }\n none\n}")
        #expect(h.run("first_over([1, 5, 9], 4)") == "5")
        #expect(h.run("first_over([1, 2], 4) == none") == "true")
        // The nested loop's `break` leaves only the inner loop.
        #expect(h.run("n = 0; for i in 0..3 { for j in 0..3 { if j == 1 { break }; n = n + 1 } }; n") == "3")
    }

    @Test func blockFunctionsHaveTheirOwnScope() {
        let h = Harness()
        h.run("fn area(w, h=2) {\n  a = w * h\n  a + 0\n}")
        #expect(h.run("area(3)") == "6")
        #expect(h.run("area(3, h=5)") == "15")
        // `a` was the function's own: the session has no such variable.
        #expect(h.fail("a").contains("unknown name `a`"))
        // A comprehension's variable does not leak either; a top-level loop's does, as in Python.
        h.run("ys = [q * q for q in 0..4]")
        #expect(h.fail("q").contains("unknown name `q`"))
        h.run("for k in 0..3 { }")
        #expect(h.run("k") == "2")
        // A function sees the session's variables.
        h.run("scale = 10; fn scaled(x) { x * scale }")
        #expect(h.run("scaled(4)") == "40")
    }

    @Test func comprehensionsAndConditionalExpressions() {
        let h = Harness()
        #expect(h.run("[x * x for x in 0..6 if x % 2 == 0]") == "[0, 4, 16]")
        #expect(h.run("[a * b for a, b in zip([1, 2, 3], [4, 5, 6])]") == "[4, 10, 18]")
        #expect(h.run("[if x > 1 then \"big\" else \"small\" for x in [1, 2]]") == "[\"small\", \"big\"]")
        // Only the chosen branch is evaluated: the other would fail.
        #expect(h.run("if true then 1 else undefined_name") == "1")
        #expect(h.fail("if 1 then 2 else 3").contains("must be a bool, got number"))
    }

    /// Lists hold at most a million items however they are built, as `list()` already
    /// says: a comprehension over a huge range, or a list doubled in a loop, is an error at
    /// the million-and-first item instead of growing until memory runs out.
    @Test func listsAreBoundedHoweverTheyAreBuilt() {
        let h = Harness()
        #expect(h.fail("[i for i in 0..2000000]").contains("more than 1000000 items"))
        #expect(h.run("len([i for i in 0..1000000])") == "1000000")
        h.run("xs = list(0..1000000)")
        #expect(h.fail("xs + [1]").contains("would have 1000001 items; at most 1000000"))
        #expect(h.run("len(xs + [])") == "1000000")
    }

    @Test func interpolationFormatsValues() {
        let h = Harness()
        h.run("lr = 0.00025; d = 0.8123456; n = 7; name = \"unet\"")
        #expect(h.run("print \"lr {lr}: dice {d:.4f}\"") == "lr 0.00025: dice 0.8123")
        #expect(h.run("print \"[{n:>4d}] [{n:<4d}] [{name:^8}]\"") == "[   7] [7   ] [  unet  ]")
        #expect(h.run("print \"{d:.1%} {lr:.2e} {{braces}}\"") == "81.2% 2.50e-04 {braces}")
        #expect(h.run("print \"{[x + 1 for x in [1, 2]]} {len(name)}\"") == "[2, 3] 4")
        // A bad format points at itself.
        let error = h.fail("print \"{d:.4q}\"")
        #expect(error.contains("the format `.4q` is not understood"))
        #expect(error.contains(" 1 | print \"{d:.4q}\"\n   |           ^^^"))
        #expect(h.fail("print \"{n:d} {d:d}\"").contains("needs an integer"))
        #expect(h.fail("print \"{} \"").contains("empty `{}`"))
        #expect(h.fail("print \"{n\"").contains("not closed"))
    }

    @Test func anErrorInABlockPointsAtTheInnerStatementAndNamesTheIteration() {
        let h = Harness()
        let error = h.fail("for lr in [0.1, \"fast\"] {\n    x = lr * 2\n}")
        #expect(error.contains("<input>:2:9:"))
        #expect(error.contains("(in iteration 2 of 2, where lr = \"fast\")"))
        #expect(error.contains(" 2 |     x = lr * 2"))
        // Nothing of a failed statement stays: the loop variable and the assignment are gone.
        #expect(h.fail("x").contains("unknown name `x`"))
        #expect(h.fail("lr").contains("unknown name `lr`"))
    }

    @Test(arguments: [("break", "`break` belongs inside a `for` loop"),
                      ("fn f(x) { break }", "`break` belongs inside a `for` loop"),
                      ("return 1", "`return` belongs inside a function"),
                      ("for x [1] { }", "expected `in`"),
                      ("for x in 1..3 print x", "expected `{`")])
    func misplacedControlFlowIsASyntaxError(_ text: String, _ message: String) {
        #expect(Harness().fail(text).contains(message))
    }

    @Test func aBlockThatFailsToParseIsSkippedWhole() {
        let results = Parser.parse(SourceText("a = 1\nfor x in xs {\n  y = (\n  print x\n}\nb = 2"))
        #expect(results.count == 3)
        #expect((try? results[2].get()).map { Printer.statement($0) } == "b = 2")
    }

    @Test(arguments: ["for x in xs {", "for x in xs {\n  print x", "if x {\n", "fn f(x) {\n  y = 1",
                      "print \"{x"])
    func anOpenBlockAsksForMore(_ text: String) {
        #expect(Parser.isIncomplete(text))
    }

    @Test func helpersOnSequences() {
        let h = Harness()
        #expect(h.run("range(5)") == "0..5")
        #expect(h.run("range(0, 10, 3)") == "[0, 3, 6, 9]")
        #expect(h.run("range(5, 0, -2)") == "[5, 3, 1]")
        #expect(h.run("range(0, -3, 1)") == "0..-3")
        #expect(h.run("len(range(0, -3, 1))") == "0")
        #expect(h.run("zip([1, 2, 3], [\"a\", \"b\"])") == "[[1, \"a\"], [2, \"b\"]]")
        #expect(h.run("enumerate([\"a\", \"b\"], start=1)") == "[[1, \"a\"], [2, \"b\"]]")
        h.run("fn sq(x) = x * x; fn odd(x) = x % 2 == 1")
        #expect(h.run("map(1..4, sq)") == "[1, 4, 9]")
        #expect(h.run("filter(0..8, odd)") == "[1, 3, 5, 7]")
        #expect(h.run("[any([false, true]), all([true, false]), any([]), all([])]") == "[true, false, false, true]")
        #expect(h.run("[all([1, 3], odd), any([2, 4], odd)]") == "[true, false]")
        #expect(h.run("[int(-2.7), int(\"42\"), float(\"1e-3\"), int(true)]") == "[-2, 42, 0.001, 1]")
        #expect(h.run("str(0.25) + \"%\"") == "\"0.25%\"")
        #expect(h.fail("int(\"4x\")").contains("is not an integer"))
        #expect(h.fail("range(0, 5, 0)").contains("must not be 0"))
        #expect(h.fail("filter([1], sq)").contains("must give a bool"))
    }

    @Test func printTakesAnExpressionInCommandForm() {
        let h = Harness()
        h.run("a = 41")
        #expect(h.run("print a + 1") == "42")
        #expect(h.run("print a * 2 == 82") == "true")
        // A minus glued to its number is still a negative argument.
        #expect(h.run("clamp a -1 1") == "1")
    }

    /// The journal holds a loop as the loop; running the saved script prints the same bytes.
    @Test func aSavedLoopReplaysToTheSameOutput() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pleura-loop-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = Harness(seed: 5, directory: dir)
        let script = """
            rows = []
            for i in 0..4 {
                r = rand()
                rows = rows + [{i: i, r: r}]
                print "{i}: {r:.6f}"
            }
            fn best(rs) {
                top = rs[0]
                for x in rs { if x.r > top.r { top = x } }
                top
            }
            print best(rows).i
            """
        let output = first.run(script)
        #expect(first.session.statements.count == 4)
        #expect(first.session.statements[1].hasPrefix("for i in 0..4 {\n"))
        let path = try first.session.save(to: "s.pleura")
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        let second = Harness(seed: 99, directory: dir)
        second.session.reseed(Script.seed(in: saved) ?? 0)
        #expect(second.run(saved) == output)
        #expect(second.session.statements == first.session.statements)
    }

    @Test func everyLanguageTopicsExampleRuns() {
        for topic in LanguageTopic.all {
            let h = Harness()
            #expect(h.session.run(topic.example), "the example of `\(topic.keywords[0])` failed: \(h.output.errors)")
        }
        #expect(Harness().run(LanguageTopic.named("for")?.example ?? "") == "0: bce\n1: dice")
    }
}
