import Lang
import Testing

/// Parses one statement that must parse.
func statement(_ text: String) throws -> Statement {
    let results = Parser.parse(SourceText(text))
    #expect(results.count == 1)
    return try #require(try? results[0].get())
}

/// The syntax error of a statement that must not parse.
func syntaxError(_ text: String) throws -> LangError {
    let results = Parser.parse(SourceText(text))
    guard case .failure(let error)? = results.first else {
        Issue.record("expected `\(text)` to be a syntax error")
        throw LangError("parsed")
    }
    return error
}

@Suite struct ParserTests {
    @Test func precedenceFollowsArithmetic() throws {
        // Canonical printing adds only the parentheses the precedence requires.
        #expect(Printer.statement(try statement("x = 1 + 2 * 3")) == "x = 1 + 2 * 3")
        #expect(Printer.statement(try statement("(1 + 2) * 3")) == "(1 + 2) * 3")
        #expect(Printer.statement(try statement("1 - (2 - 3)")) == "1 - (2 - 3)")
        #expect(Printer.statement(try statement("(1 - 2) - 3")) == "1 - 2 - 3")
        #expect(Printer.statement(try statement("2 ^ 3 ^ 2")) == "2 ^ 3 ^ 2")
        #expect(Printer.statement(try statement("(2 ^ 3) ^ 2")) == "(2 ^ 3) ^ 2")
        #expect(Printer.statement(try statement("-2^2")) == "-2 ^ 2")
        #expect(Printer.statement(try statement("a | b | c")) == "a | b | c")
        #expect(Printer.statement(try statement("not a and b or c")) == "not a and b or c")
    }

    @Test func commandFormIsSugarForACall() throws {
        let s = try statement("coverage ds bins=20 png=\"out/c.png\"")
        guard case .expression(let e) = s.kind, case .call(let callee, let args, let command) = e.kind,
              case .name("coverage") = callee.kind else {
            Issue.record("not a call: \(s)")
            return
        }
        #expect(command)
        #expect(args.map(\.name) == [nil, "bins", "png"])
        #expect(Printer.statement(s) == "coverage ds bins=20 png=\"out/c.png\"")
    }

    @Test func spacingSeparatesIndexingFromAListArgument() throws {
        #expect(Printer.statement(try statement("show ds[17]")) == "show ds[17]")
        #expect(Printer.statement(try statement("show [1, 2]")) == "show [1, 2]")
        #expect(Printer.statement(try statement("x = xs[0]")) == "x = xs[0]")
        // A spaced minus glued to its operand is a negative argument, but `x -1` subtracts.
        #expect(Printer.statement(try statement("rotate img -15")) == "rotate img -15")
        guard case .expression(let e) = try statement("x -1").kind, case .binary(.subtract, _, _) = e.kind else {
            Issue.record("`x -1` should subtract")
            return
        }
    }

    @Test func assignmentTakesACommandOnTheRight() throws {
        #expect(Printer.statement(try statement("ds = load \"data/siim\" size=256")) == "ds = load \"data/siim\" size=256")
        #expect(Printer.statement(try statement("sp = split ds val=0.15 seed=42")) == "sp = split ds val=0.15 seed=42")
    }

    @Test func literalsMembersSlicesAndFunctions() throws {
        #expect(Printer.statement(try statement("[1e-3, \"a\\n\\\"b\", true, none]")) == "[1e-3, \"a\\n\\\"b\", true, none]")
        #expect(Printer.statement(try statement("{a: 1, b: sp.train}")) == "{a: 1, b: sp.train}")
        #expect(Printer.statement(try statement("ds[0:100]")) == "ds[0:100]")
        #expect(Printer.statement(try statement("ds[:-1]")) == "ds[:-1]")
        #expect(Printer.statement(try statement("r = 0..n-1")) == "r = 0..n - 1")
        #expect(Printer.statement(try statement("fn f(p, y, a=0.7) =\n  1 - sum(p*y)")) == "fn f(p, y, a=0.7) = 1 - sum(p * y)")
    }

    @Test func statementsSplitOnSemicolonsAndNewlinesButNotInsideBrackets() throws {
        let results = Parser.parse(SourceText("a = 1; b = [1,\n 2]\n# comment\nc = 3 # trailing"))
        #expect(results.count == 3)
        #expect(results.compactMap { try? $0.get() }.map { Printer.statement($0) } == ["a = 1", "b = [1, 2]", "c = 3"])
    }

    @Test func aBadStatementIsSkippedAndTheRestParse() throws {
        let results = Parser.parse(SourceText("a = 1\nb = (2 +* 3)\nc = 4"))
        #expect(results.count == 3)
        #expect((try? results[0].get()) != nil)
        #expect((try? results[2].get()) != nil)
        guard case .failure(let error) = results[1] else { Issue.record("line 2 should fail"); return }
        #expect(error.range?.start.line == 2)
        #expect(error.range?.start.column == 9)
    }

    @Test(arguments: ["x = [1, 2", "f(1,", "x = 1 +", "aug = hflip() |", "s = \"open", "fn f(a) ="])
    func incompleteInputAsksForMore(_ text: String) {
        #expect(Parser.isIncomplete(text))
    }

    @Test(arguments: ["x = 1", "x = [1, 2]", "x = )", "\"closed\"", "x = 1 + + )"])
    func completeOrPlainlyWrongInputDoesNot(_ text: String) {
        #expect(!Parser.isIncomplete(text))
    }

    @Test func errorsPointAtTheOffendingToken() throws {
        let error = try syntaxError("x = 3 $ 4")
        #expect(error.range?.start.column == 7)
        #expect(error.message.contains("`$`"))
        let rendered = error.rendered(color: false)
        #expect(rendered == """
            <input>:1:7: error: the character `$` has no meaning here
             1 | x = 3 $ 4
               |       ^

            """)
    }

    @Test func hostileNestingIsAnErrorNotACrash() throws {
        for text in [String(repeating: "(", count: 100_000) + "1", String(repeating: "-", count: 100_000) + "1",
                     String(repeating: "not ", count: 50_000) + "true", String(repeating: "[", count: 100_000),
                     "x = " + String(repeating: "2 ^ ", count: 50_000) + "2"] {
            #expect(try syntaxError(text).message.contains("nests more than"))
        }
        #expect(Printer.statement(try statement(String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100))) == "1")
    }

    @Test func numbersWithExponentsAndUnderscores() throws {
        guard case .expression(let e) = try statement("1_000.5e2").kind, case .number(let x, _) = e.kind else {
            Issue.record("not a number")
            return
        }
        #expect(x == 100_050)
        #expect(try syntaxError("12abc").message.contains("cannot be followed"))
    }
}
