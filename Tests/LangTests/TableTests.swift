import Foundation
import Lang
import Segmentation
import Tensor
import TestSupport
import Testing

/// Tables: construction, members, the table builtins against hand-worked results, CSV,
/// per-image evaluation against an independent computation, and the gallery.
@Suite struct TableTests {
    /// A harness in a fresh temporary directory (removed by the caller's `defer`).
    private static func scratch(_ name: String) throws -> (Harness, String) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pleura-tables-\(name)-\(getpid())").path
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return (Harness(directory: directory), directory)
    }

    private static func table(_ h: Harness, _ name: String) throws -> TableObject {
        guard case .object(let t as TableObject)? = h.session.variables[name] else {
            throw LangError("`\(name)` is not a table")
        }
        return t
    }

    private static func numbers(_ column: [Value]) -> [Double?] {
        column.map { if case .number(let x) = $0 { x } else { nil } }
    }

    private static func strings(_ column: [Value]) -> [String?] {
        column.map { if case .string(let s) = $0 { s } else { nil } }
    }

    @Test func constructionMembersIndexingAndSlicing() throws {
        let h = Harness()
        h.run("t = table({id: [\"a\", \"b\", \"c\"], dice: [0.5, 0.9, 0.1]})")
        #expect(h.run("len t") == "3")
        #expect(h.run("t.dice") == "[0.5, 0.9, 0.1]")
        #expect(h.run("t.columns") == "[\"id\", \"dice\"]")
        #expect(h.run("t[1]") == "{id: \"b\", dice: 0.9}")
        #expect(h.run("t[-1].id") == "\"c\"")
        #expect(h.run("t[1:3]") == "   id  dice\n-  --  ----\n0  b    0.9\n1  c    0.1")
        #expect(h.run("type t") == "\"table\"")
        // Records with different fields: every field is a column, none where one is missing.
        h.run("u = table([{a: 1}, {b: \"x\"}, {a: 3, b: \"y\"}])")
        #expect(h.run("u.a") == "[1, none, 3]")
        #expect(h.run("u.b") == "[none, \"x\", \"y\"]")
        #expect(h.run("table({n: 0..3}).n") == "[0, 1, 2]")
        #expect(h.fail("table({n: 0..2000000})").contains("at most 1000000"))

        #expect(h.fail("table({a: [1, 2], b: [1]})").contains("equal lengths"))
        #expect(h.fail("table([{a: [1, 2]}])").contains("table cells are numbers, strings, bools or none"))
        #expect(h.fail("table(3)").contains("not a number"))
        #expect(h.fail("t.dcie").contains("did you mean `dice`?"))
        #expect(h.fail("t[3]").contains("outside this table of 3 items"))
    }

    @Test func summaryFitsOneLineAndTextFitsTheWidth() throws {
        let h = Harness()
        let names = (1...12).map { "column_number_\($0)" }
        h.run("w = table({" + names.map { "\($0): [1, 2, 3, 4, 5, 6]" }.joined(separator: ", ") + "})")
        let w = try Self.table(h, "w")
        #expect(w.summary.hasPrefix("table: 6 rows x 12 columns (column_number_1, "))
        #expect(w.summary.hasSuffix(", ...)") && w.summary.count <= 80)
        let text = w.text(width: 40, rows: 4)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= 40 }, "\(text)")
        // Row numbers 0-3, then how many rows and which columns were left out.
        #expect(lines[2].hasPrefix("0  ") && lines[5].hasPrefix("3  "))
        #expect(lines.contains("... 2 more rows (6 in all)"))
        #expect(text.contains("more columns: column_number_3"))
        // Long cells are cut in the middle to 24 characters: 7 from the start, 16 from the end.
        h.run("long = table({s: [\"abcdefghijklmnopqrstuvwxyz0123456789\"]})")
        #expect(try Self.table(h, "long").text(width: 80, rows: 5).hasSuffix("\n0  abcdefg…uvwxyz0123456789"))
    }

    @Test func alignedText() throws {
        let h = Harness()
        h.run("t = table({id: [\"a\", \"bb\"], n: [1, 22], ok: [true, none]})")
        // Numbers align right, other columns left; none is written out.
        let expected = """
               id   n  ok
            -  --  --  ----
            0  a    1  true
            1  bb  22  none
            """
        #expect(try Self.table(h, "t").text(width: 80, rows: 20) == expected)
        h.run("e = where(t, {id: \"zz\"})")
        #expect(try Self.table(h, "e").text(width: 80, rows: 20).hasSuffix("(no rows)"))
    }

    @Test func whereSortHeadSelect() throws {
        let h = Harness()
        h.run("t = table({id: [\"a\", \"b\", \"c\", \"d\", \"e\"], dice: [0.5, none, 0.1, 0.5, 0.9], "
              + "outcome: [\"tp\", \"fp\", \"fn\", \"tp\", \"tn\"]})")
        h.run("fn poor(r) = r.dice != none and r.dice < 0.6")
        #expect(h.run("where(t, poor).id") == "[\"a\", \"c\", \"d\"]")
        #expect(h.run("where(t, [true, false, false, false, true]).id") == "[\"a\", \"e\"]")
        #expect(h.run("where(t, {outcome: \"tp\"}).id") == "[\"a\", \"d\"]")
        #expect(h.run("where(t, {outcome: [\"fp\", \"fn\"]}).id") == "[\"b\", \"c\"]")
        #expect(h.run("where(t, {outcome: \"tp\", dice: 0.5}).id") == "[\"a\", \"d\"]")
        #expect(h.fail("where(t, [true])").contains("1 items but the table has 5 rows"))
        #expect(h.fail("where(t, {outcom: \"tp\"})").contains("did you mean `outcome`?"))
        h.run("fn half(r) = 0.5")
        #expect(h.fail("where(t, half)").contains("must give true or false"))

        // Stable: a and d tie at 0.5 and keep their order both ways; none is last both ways.
        #expect(h.run("sort(t, by=\"dice\").id") == "[\"c\", \"a\", \"d\", \"e\", \"b\"]")
        #expect(h.run("sort(t, by=\"dice\", desc=true).id") == "[\"e\", \"a\", \"d\", \"c\", \"b\"]")
        #expect(h.run("sort(t, by=\"outcome\").id") == "[\"c\", \"b\", \"e\", \"a\", \"d\"]")
        #expect(try Self.table(h, "t").sorted(by: "dice", descending: true).column("id").map(\.plain)
                == ["e", "a", "d", "c", "b"])
        #expect(h.fail("sort(t)").contains("needs `by=`"))
        #expect(h.fail("sort(t, by=\"dicee\")").contains("did you mean `dice`?"))
        #expect(h.run("sort [3, 1, 2]") == "[1, 2, 3]")
        #expect(h.run("sort([\"pa\", \"ap\", \"ll\"], desc=true)") == "[\"pa\", \"ll\", \"ap\"]")
        h.run("fn neg(x) = -x")
        #expect(h.run("sort([2, 9, 4], by=neg)") == "[9, 4, 2]")
        #expect(h.run("sort([{n: 2}, {n: 1}], by=\"n\")") == "[{n: 1}, {n: 2}]")
        #expect(h.fail("sort([{n: 2}, 3], by=\"n\")").contains("item 1 is not a record"))
        #expect(h.fail("sort 3").contains("sorts a table, a list or a tensor"))
        // A tensor sorts its flattened values, the same as taking them in argsort's order.
        #expect(h.run("sort(tensor([[3, -1], [2, 0.5]]), desc=true)") == "tensor [4] [3, 2, 0.5, -1]")
        #expect(h.run("sort(tensor([3, -1, 2]))") == h.run("take(tensor([3, -1, 2]), argsort(tensor([3, -1, 2])))"))

        #expect(h.run("head [5, 4, 3, 2, 1] n=2") == "[5, 4]")
        #expect(h.run("head(t, n=2).id") == "[\"a\", \"b\"]")
        #expect(h.run("len(head(t, n=50))") == "5")
        #expect(h.fail("head(t, n=-1)").contains("must not be negative"))

        #expect(h.run("select(t, [\"outcome\", \"id\"]).columns") == "[\"outcome\", \"id\"]")
        #expect(h.run("select(t, [\"outcome\", \"id\"])[2]") == "{outcome: \"fn\", id: \"c\"}")
        #expect(h.run("select(t, \"dice\").columns") == "[\"dice\"]")
        #expect(h.fail("select(t, [\"ids\"])").contains("did you mean `id`?"))
        #expect(h.fail("select(t, [])").contains("at least one column"))
    }

    @Test func groupCountsAndMeans() throws {
        let h = Harness()
        h.run("t = table({sex: [\"M\", \"F\", \"M\", none, \"F\", \"F\"], dice: [0.2, 0.5, 0.6, 1, none, 0.8], "
              + "positive: [true, false, true, false, true, true], id: [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]})")
        h.run("g = group(t, by=\"sex\")")
        // F: dice (0.5 + 0.8) / 2 (e has none), positive 2 of 3; M: (0.2 + 0.6) / 2, 2 of 2; none last.
        #expect(h.run("g.columns") == "[\"sex\", \"count\", \"mean_dice\", \"mean_positive\"]")
        #expect(h.run("g.sex") == "[\"F\", \"M\", none]")
        #expect(h.run("g.count") == "[3, 2, 1]")
        let g = try Self.table(h, "g")
        let dice = Self.numbers(try g.column("mean_dice")), positive = Self.numbers(try g.column("mean_positive"))
        #expect(abs((dice[0] ?? 0) - 0.65) < 1e-12 && abs((dice[1] ?? 0) - 0.4) < 1e-12 && dice[2] == 1)
        #expect(abs((positive[0] ?? 0) - 2.0 / 3.0) < 1e-12 && positive[1] == 1 && positive[2] == 0)
        h.run("fn band(r) = r.dice != none and r.dice >= 0.5")
        #expect(h.run("group(t, by=band).count") == "[2, 4]")
        #expect(h.run("group(t, by=band).columns") == "[\"band\", \"count\", \"mean_dice\", \"mean_positive\"]")
        #expect(h.fail("group(t, by=\"sx\")").contains("no column `sx`"))
    }

    @Test func csvQuotingAndRoundTrip() throws {
        let (h, directory) = try Self.scratch("csv")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        h.run("t = table({id: [\"plain\", \"a,b\", \"say \\\"hi\\\"\", \"two\\nlines\", \" pad\", \"007\", \"true\", \"\"], "
              + "x: [1, 0.25, -3, 1e-7, 123456789, none, 2.5, 0], ok: [true, false, none, true, true, false, true, false]})")
        // A folder that does not exist is an error, not a crash.
        #expect(h.fail("write t \"out/s.csv\"").contains("out/s.csv"))
        try FileManager.default.createDirectory(atPath: directory + "/out", withIntermediateDirectories: true)
        #expect(h.run("write t \"out/s.csv\"") == "wrote out/s.csv: 8 rows x 3 columns")
        let written = try String(contentsOfFile: directory + "/out/s.csv", encoding: .utf8)
        let expected = "id,x,ok\r\n"
            + "plain,1,true\r\n"
            + "\"a,b\",0.25,false\r\n"
            + "\"say \"\"hi\"\"\",-3,\r\n"
            + "\"two\nlines\",1e-07,true\r\n"
            + "\" pad\",123456789,true\r\n"
            + "\"007\",,false\r\n"
            + "\"true\",2.5,true\r\n"
            + "\"\",0,false\r\n"
        #expect(written == expected)
        h.run("back = read_csv \"out/s.csv\"")
        let original = try Self.table(h, "t"), back = try Self.table(h, "back")
        #expect(back.names == original.names)
        for (a, b) in zip(original.columns, back.columns) {
            #expect(a.count == b.count && zip(a, b).allSatisfy { $0.isEqual(to: $1) }, "\(a.map(\.summary)) vs \(b.map(\.summary))")
        }
        // Numbers that need all 17 digits (the screen shows 15) read back exactly.
        h.run("u = table({x: [0.1 + 0.2, 1 / 3, 2 / 3 * 1e-300]}); write u \"out/u.csv\"")
        #expect(h.run("read_csv(\"out/u.csv\").x == u.x") == "true")
        #expect(h.fail("write t \"/proc/forbidden.csv\"").contains("not allowed"))
    }

    @Test func csvReadingHandlesRealFilesAndRefusesMalformedOnes() throws {
        let (h, directory) = try Self.scratch("badcsv")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func file(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        // LF line ends, a byte-order mark, a padded header as in train-rle.csv, a blank last line.
        try file("labels.csv", "\u{FEFF}ImageId, EncodedPixels\n1.2.3, -1\nx.y,\"5 3 10 2\"\n\n")
        h.run("l = read_csv \"labels.csv\"")
        #expect(h.run("l.columns") == "[\"ImageId\", \"EncodedPixels\"]")
        #expect(h.run("l.EncodedPixels") == "[\" -1\", \"5 3 10 2\"]")
        #expect(h.run("l.ImageId") == "[\"1.2.3\", \"x.y\"]")

        try file("open.csv", "a,b\n1,2\n3,\"never\nends\n")
        #expect(h.fail("read_csv \"open.csv\"").contains("open.csv, line 3: a quoted field opened here never closes"))
        try file("short.csv", "a,b\n1,2\n3\n")
        #expect(h.fail("read_csv \"short.csv\"").contains("short.csv, line 3: 1 field but the header has 2"))
        try file("stray.csv", "a,b\n1,x\"y\n")
        #expect(h.fail("read_csv \"stray.csv\"").contains("line 2: a quote inside a field"))
        try file("after.csv", "a\n\"x\"y\n")
        #expect(h.fail("read_csv \"after.csv\"").contains("line 2: text after a closing quote"))
        try file("twice.csv", "a,a\n1,2\n")
        #expect(h.fail("read_csv \"twice.csv\"").contains("line 1: the column name `a` appears twice"))
        try file("empty.csv", "")
        #expect(h.fail("read_csv \"empty.csv\"").contains("is empty"))
        #expect(h.fail("read_csv \"missing.csv\"").contains("missing.csv"))
    }

    @Test func datasetAndLabelsBecomeTables() throws {
        let (h, directory) = try Self.scratch("eda")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A SIIM-layout folder, so the DICOM headers give sex, age and view.
        h.run("made = synth(\"made\", count=8, size=64, seed=2)")
        h.run("ds = load(made.folder, size=32, cache=false)")
        h.run("t = table(ds)")
        let t = try Self.table(h, "t")
        #expect(t.names == ["id", "positive", "area", "coverage", "regions", "sex", "age", "view"])
        #expect(t.rowCount == 8)
        for i in 0..<8 {
            // Each cell against the sample's own members and the `regions` builtin.
            let row = t.row(i)
            #expect(row["id"]?.summary == h.run("ds[\(i)].id"))
            let area = Double(h.run("ds[\(i)].area")) ?? -1
            #expect(row["area"]?.isEqual(to: .number(area)) == true)
            #expect(row["positive"]?.isEqual(to: .bool(area > 0)) == true)
            #expect(row["coverage"]?.isEqual(to: .number(area / 1024)) == true)
            #expect(row["regions"]?.summary == h.run("len(regions(ds[\(i)]))"))
            for field in ["sex", "age", "view"] { #expect(row[field]?.summary == h.run("ds[\(i)].\(field)")) }
        }
        #expect(h.run("len(where(t, {positive: true}))") == h.run("ds.positives"))
        #expect(Set(Self.strings(try t.column("sex")).compactMap { $0 }) == ["F", "M"])

        h.run("l = labels(made.folder + \"/train-rle.csv\", width=64, height=64)")
        h.run("lt = table(l)")
        #expect(h.run("lt.columns") == "[\"id\", \"positive\", \"regions\", \"area\", \"coverage\"]")
        for i in 0..<8 {
            let area = Double(h.run("l[\(i)].area")) ?? -1
            #expect(h.run("lt[\(i)].area") == h.run("l[\(i)].area"))
            #expect(h.run("lt[\(i)].regions") == h.run("l[\(i)].regions"))
            #expect(h.run("lt[\(i)].positive") == (area > 0 ? "true" : "false"))
            #expect(h.run("lt[\(i)].coverage") == Value.number(area / 4096).summary)
        }
        // A synthetic dataset without headers has none in the metadata columns.
        h.run("bare = table(synth_dataset(count=3, size=32, seed=1))")
        #expect(h.run("bare.sex") == "[none, none, none]")
    }

    @Test(.enabled(if: SharedData.isPresent, "needs ../shared/data (CI has it)"))
    func theRealLabelsFileReadsAsATable() throws {
        // ../shared/data/siim/train-rle.csv: 50 rows for 40 images, 22 with pneumothorax.
        let h = Harness(directory: SharedData.path("siim"))
        h.run("rows = read_csv \"train-rle.csv\"")
        #expect(h.run("len rows") == "50")
        #expect(h.run("rows.columns") == "[\"ImageId\", \"EncodedPixels\"]")
        // `-1` (no pneumothorax) is unquoted, so it reads as a number: one row per negative image.
        #expect(h.run("len(where(rows, {EncodedPixels: -1}))") == "18")
        h.run("t = table(labels(\"train-rle.csv\"))")
        #expect(h.run("len t") == "40")
        #expect(h.run("group(t, by=\"positive\").count") == "[18, 22]")
        // The README's facts: one region of 9,418 px; four overlapping rows whose union is 16,904 px.
        let one = "1.2.276.0.7230010.3.1.4.8323329.4904.1517875185.355709"
        let four = "1.2.276.0.7230010.3.1.4.8323329.32579.1517875161.299312"
        #expect(h.run("where(t, {id: \"\(one)\"})[0].area") == "9418")
        #expect(h.run("where(t, {id: \"\(four)\"})[0]")
                == "{id: \"\(four)\", positive: true, regions: 4, area: 16904, coverage: \(Value.number(16904.0 / 1_048_576).summary)}")
        #expect(h.run("len(where(rows, {ImageId: \"\(four)\"}))") == "4")
    }

    /// 8-connected components of a 0/1 mask, by flood fill.
    private static func components(_ mask: [Bool], side: Int) -> Int {
        var seen = [Bool](repeating: false, count: mask.count), count = 0
        for start in mask.indices where mask[start] && !seen[start] {
            count += 1
            var stack = [start]
            seen[start] = true
            while let p = stack.popLast() {
                let (x, y) = (p % side, p / side)
                for dy in -1...1 {
                    for dx in -1...1 {
                        let (nx, ny) = (x + dx, y + dy)
                        guard nx >= 0, ny >= 0, nx < side, ny < side else { continue }
                        let q = ny * side + nx
                        if mask[q] && !seen[q] { seen[q] = true; stack.append(q) }
                    }
                }
            }
        }
        return count
    }

    @Test func perImageEvaluationMatchesAnIndependentComputation() throws {
        let h = Harness()
        h.run("ds = synth_dataset(count=12, size=32, seed=1)")
        h.run("m = unet(base=4, depth=2, seed=1)")
        let side = 32, pixels = Double(side * side)
        let areas = (0..<12).map { Double(h.run("ds[\($0)].area")) ?? -1 }
        #expect(areas.contains(0) && areas.contains { $0 > 0 }, "the dataset should have both kinds of image")

        // No probability is above 1: every prediction is empty, so Dice is 1 exactly on negatives.
        h.run("none_predicted = evaluate(m, ds, threshold=1, per_image=true)")
        let empty = try Self.table(h, "none_predicted")
        #expect(empty.names == ["id", "dice", "truth_area", "pred_area", "components", "outcome", "cls_prob", "sex", "age",
                                "view"])
        #expect(Self.numbers(try empty.column("cls_prob")) == Array(repeating: nil, count: 12), "a model without the head")
        #expect(Self.numbers(try empty.column("truth_area")) == areas)
        #expect(Self.numbers(try empty.column("pred_area")) == Array(repeating: 0, count: 12))
        #expect(Self.numbers(try empty.column("components")) == Array(repeating: 0, count: 12))
        #expect(Self.numbers(try empty.column("dice")) == areas.map { $0 == 0 ? 1 : 0 })
        #expect(Self.strings(try empty.column("outcome")) == areas.map { $0 == 0 ? "tn" : "fn" })

        // Every probability is above -1: each prediction is the whole image, one component.
        h.run("all_predicted = evaluate(m, ds, threshold=-1, per_image=true)")
        let full = try Self.table(h, "all_predicted")
        #expect(Self.numbers(try full.column("pred_area")) == Array(repeating: pixels, count: 12))
        #expect(Self.numbers(try full.column("components")) == Array(repeating: 1, count: 12))
        #expect(Self.numbers(try full.column("dice")) == areas.map { 2 * $0 / ($0 + pixels) })
        #expect(Self.strings(try full.column("outcome")) == areas.map { $0 == 0 ? "fp" : "tp" })

        // At a threshold inside the probabilities' range, against masks thresholded here.
        h.run("p = predict m ds")
        guard case .object(let predictions as PredictionsObject)? = h.session.variables["p"] else {
            Issue.record("predict gave no predictions")
            return
        }
        let sorted = predictions.probabilities.flatMap(\.pixels).sorted()
        let threshold = sorted[sorted.count / 2]
        h.run("r = evaluate(m, ds, threshold=\(Double(threshold)))")
        h.run("per = r.images")
        let per = try Self.table(h, "per")
        guard case .object(let ds as DatasetObject)? = h.session.variables["ds"] else {
            Issue.record("ds is not a dataset")
            return
        }
        var dice: [Double] = []
        for i in 0..<12 {
            let predicted = predictions.probabilities[i].pixels.map { $0 > threshold }
            let truth = try #require(ds.dataset.mask(i)).pixels.map { $0 != 0 }
            let overlap = zip(predicted, truth).filter { $0 && $1 }.count
            let (p, t) = (predicted.filter { $0 }.count, truth.filter { $0 }.count)
            dice.append(p + t == 0 ? 1 : 2 * Double(overlap) / Double(p + t))
            let row = per.row(i)
            #expect(row["pred_area"]?.isEqual(to: .number(Double(p))) == true)
            #expect(row["truth_area"]?.isEqual(to: .number(Double(t))) == true)
            #expect(row["components"]?.isEqual(to: .number(Double(Self.components(predicted, side: side)))) == true)
            #expect(row["outcome"]?.plain == (t > 0 ? (p > 0 ? "tp" : "fn") : (p > 0 ? "fp" : "tn")))
            #expect(abs((Self.numbers([row["dice"] ?? .none])[0] ?? -1) - dice[i]) < 1e-12)
            #expect(row["id"]?.plain == ds.dataset.ids[i])
            #expect(row["sex"]?.plain == (ds.dataset.metadata[i].sex ?? "none"))
        }
        #expect(Set(Self.strings(try per.column("outcome")).compactMap { $0 }).count >= 2,
                "a threshold at the median probability should give more than one outcome")
        let mean = dice.reduce(0, +) / 12
        #expect(abs((Double(h.run("r.dice")) ?? -1) - mean) < 1e-9)
    }

    /// `cls_prob` against the model's own image-level logit, run here in eval mode, and the
    /// class gate against it: at a threshold between the probabilities, exactly the images
    /// below it have empty masks.
    @Test func perImageClassProbabilityIsTheHeadsAndGatesTheMasks() throws {
        let h = Harness()
        h.run("ds = synth_dataset(count=8, size=32, seed=3)")
        h.run("m = unet(base=4, depth=2, cls_head=true, seed=2)")
        guard case .object(let m as ModelObject)? = h.session.variables["m"],
              case .object(let ds as DatasetObject)? = h.session.variables["ds"] else {
            Issue.record("m or ds missing")
            return
        }
        let images = try ds.dataset.images(0..<8)
        let x = Tensor(shape: [8, 1, 32, 32], data: images.flatMap(\.pixels))
        m.model.eval()
        let logits = try #require(try Autograd.withoutGradients { try m.model.allOutputs(x) }.imageLogits).data
        let expected = logits.map { 1 / (1 + exp(-Double($0))) }

        let sorted = expected.sorted()
        let gate = (sorted[3] + sorted[4]) / 2
        h.run("r = evaluate(m, ds, threshold=-1, cls_threshold=\(gate))")
        h.run("per = r.images")
        let per = try Self.table(h, "per")
        let probabilities = Self.numbers(try per.column("cls_prob"))
        for i in 0..<8 {
            let p = try #require(probabilities[i])
            #expect(abs(p - expected[i]) < 1e-6, "image \(i): cls_prob \(p), the head gives \(expected[i])")
            let area = try #require(Self.numbers([per.row(i)["pred_area"] ?? .none])[0])
            #expect(area == (expected[i] < gate ? 0 : 32 * 32), "image \(i) at class probability \(expected[i])")
        }
    }

    @Test func evaluatePrintsItsScoresOnce() throws {
        let h = Harness()
        h.run("ds = synth_dataset(count=6, size=32, seed=2)")
        h.run("m = unet(base=4, depth=2, seed=1)")
        #expect(h.run("r = evaluate m ds").isEmpty)
        let shown = h.run("evaluate m ds")
        #expect(shown.components(separatedBy: "competition dice").count == 2, "\(shown)")
        #expect(!shown.contains("{"))
        #expect(h.run("r") == shown)
        #expect(h.run("len r.images") == "6")
        h.run("per = r.images")
        #expect(h.run("type r") == "\"evaluation\"")
        let dice = Self.numbers(try Self.table(h, "per").column("dice")).compactMap { $0 }
        #expect(dice.count == 6 && abs((Double(h.run("r.dice")) ?? -1) - dice.reduce(0, +) / 6) < 1e-12)
    }

    /// The width and height in a PNG file's header.
    private static func pngSize(_ path: String) throws -> (width: Int, height: Int) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        func word(_ at: Int) -> Int { bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (word(16), word(20))
    }

    @Test func galleryDrawsTruthBesidePrediction() throws {
        let (h, directory) = try Self.scratch("gallery")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        h.run("ds = synth_dataset(count=5, size=32, seed=3)")
        h.run("m = unet(base=4, depth=2, seed=1)")
        h.run("gallery ds ids=[1] model=m png=\"one.png\"")
        h.run("gallery ds ids=[ds.ids[3], -1, 0] model=m png=\"three.png\"")
        // Two 288-pixel tiles a row (truth, prediction) with 12-pixel margins: 12 + 2 * (288 + 12);
        // each image is one row of tiles, so three images are three times one row's height.
        let one = try Self.pngSize(directory + "/one.png"), three = try Self.pngSize(directory + "/three.png")
        #expect(one.width == 612 && three.width == 612)
        #expect(three.height - 12 == 3 * (one.height - 12))

        let id = h.run("ds.ids[2]").replacingOccurrences(of: "\"", with: "")
        let text = h.run("gallery ds ids=[2] model=m width=60")
        // Captions are cut in the middle to the tile's width; the end of the id survives.
        #expect(text.contains(String(id.suffix(12))) && text.contains("dice ") && text.contains("predicted "))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 60 })
        #expect(h.fail("gallery ds ids=[\"\(id)x\"]").contains("did you mean `\(id)`?"))
        #expect(h.fail("gallery ds ids=[7]").contains("outside this dataset of 5 images"))
        #expect(h.fail("gallery ds ids=[]").contains("is empty"))
    }
}
