import Augment
import Data
import Render

extension Registry {
    /// One constructor per transform in the augmentation catalog, plus the composition
    /// tools: `preview`, `check`, `augment` and `preset`. The constructors are generated
    /// from the catalog, so a transform added there appears here with its parameters.
    func addAugment() {
        for entry in Catalog.entries { add(Self.constructor(for: entry)) }
        add(Builtin("preview", .augment, [Parameter("aug", .object("transform")), Parameter("sample", .object("sample")),
                                         Parameter("n", .integer(in: 1...64), default: 8), Parameter("seed", .integer, default: Value.none)] + Parameter.figure,
                    help: "`n` augmented versions of a sample side by side, each with the values its transforms drew, so "
                        + "you see what the pipeline does to the image and its mask together.",
                    example: "preview hflip(p=0.5) synth_sample(size=64, seed=1) n=2 seed=3 width=60") { args in
            let aug = try args.object("aug", as: TransformObject.self).transform
            let n = try args.int("n")
            let variants = aug.preview(try Self.pair(args, "sample"), n: n, seed: try args.seed())
            // Captions are fitted to the tiles they go under (the terminal's or the PNG's).
            let captionWidth = args.has("png") ? Grid.captionCharacters()
                : Grid.tileWidth(width: args.has("width") ? try args.int("width") : TerminalSize.current.columns,
                                 columns: min(4, n))
            let tiles = try variants.map {
                Grid.Tile(try Overlay(image: $0.pair.image, mask: $0.pair.mask),
                          caption: PreviewCaption.lines($0.drawn, width: captionWidth))
            }
            return try Self.present(try Grid(tiles), title: "preview of \(aug.description)", args)
        })
        add(Builtin("check", .augment, [Parameter("aug", .object("transform")),
                                       Parameter("sample", .object("sample"), default: Value.none), .size(default: 256),
                                       Parameter("trials", .integer(in: 1...1000), default: 24), Parameter("seed", .integer, default: Value.none)],
                    help: "Checks that every transform in a pipeline moves the image and the mask identically, by "
                        + "applying it to a probe whose mask is drawn on the image: the sample's mask, or a rectangle on a "
                        + "`size` x `size` probe. Prints one line per transform; fails if any transform separates them.",
                    example: "check(hflip() | shift_scale_rotate(), trials=4, seed=1)") { args in
            let aug = try args.object("aug", as: TransformObject.self).transform
            let sample = args.has("sample") ? try Self.pair(args, "sample") : nil
            let results = try aug.checkConsistency(sample: sample, size: try args.int("size"), trials: try args.int("trials"),
                                                     seed: try args.seed())
            args.session.print(results.map(\.description).joined(separator: "\n"))
            if let failed = results.first(where: { !$0.passed }) {
                throw LangError("`\(failed.transform)` moves the image and the mask differently")
            }
            return .none
        })
        add(Builtin("augment", .augment, [Parameter("aug", .object("transform")), Parameter("sample", .object("sample")),
                                         Parameter("seed", .integer, default: Value.none)],
                    help: "Applies an augmentation to a sample once and gives the augmented sample.",
                    example: "s = augment(vflip(p=1), synth_sample(size=64, seed=1), seed=2)\ns") { args in
            let original = try args.object("sample", as: SampleObject.self).sample
            let out = try args.object("aug", as: TransformObject.self).transform.apply(to: try Self.pair(args, "sample"),
                                                                                       seed: try args.seed())
            return .object(SampleObject(Sample(id: original.id, image: out.pair.image, mask: out.pair.mask,
                                                    metadata: original.metadata)))
        })
        add(Builtin("preset", .augment, [Parameter("name", .choice(Presets.names), default: "siim2019"), .size(default: 256)],
                    help: "A ready-made augmentation pipeline: " + Presets.names.map { "`\($0)`" }.joined(separator: ", ")
                        + " (the 2019 competition's winning recipe).",
                    example: "preset \"siim2019\" size=256") { args in
            let name = try args.string("name")
            guard let t = try Presets.named(name, size: try args.int("size")) else {
                throw args.error("name", "no preset is called \"\(name)\"")
            }
            return .object(TransformObject(t))
        })
    }

    /// The builtin for one catalog entry. Compositions take their transforms as a list first.
    private static func constructor(for entry: Catalog.Entry) -> Builtin {
        var parameters = entry.takesTransforms ? [Parameter("transforms", .list)] : []
        parameters += entry.parameters.map { p in Parameter(p.name, Self.type(of: p.default), default: p.default.map(Self.value)) }
        let required = entry.parameters.filter { $0.default == nil }.map { "\($0.name)=..." }
        let example = entry.takesTransforms ? "\(entry.name)([hflip(), vflip()])"
            : entry.name + "(" + required.joined(separator: ", ") + ")"
        var builtin = Builtin(entry.name, .augment, parameters,
                       help: "Augmentation: \(entry.summary) (albumentations `\(entry.albumentations)`). Compose with `|`.",
                       example: Self.examples[entry.name] ?? example) { args in
            var specArguments: [TransformSpec.Argument] = []
            for p in entry.parameters where args.has(p.name) {
                specArguments.append(TransformSpec.Argument(p.name, try Self.specValue(args, p.name)))
            }
            var children: [TransformSpec] = []
            if entry.takesTransforms {
                children = try args.list("transforms").map { item in
                    guard case .object(let t as TransformObject) = item else {
                        throw args.error("transforms", "`transforms` must be a list of transforms, not of \(item.typeName)s")
                    }
                    return t.transform.spec
                }
            }
            return .object(TransformObject(try Catalog.make(TransformSpec(entry.name, specArguments, children: children))))
        }
        // `oneof(a, b, p=0.3)` lists its children directly; `gamma(80, 120)` gives a range as two numbers.
        if entry.takesTransforms {
            builtin.positionalPacking = .items
        } else if case .range? = entry.parameters.first?.default {
            builtin.positionalPacking = .pair
        }
        return builtin
    }

    /// Runnable examples for the constructors whose required parameters need real values.
    private static let examples: [String: String] = [
        "sized_crop": "sized_crop(min_max_height=[96, 128], height=128, width=128)",
        "resized_crop": "resized_crop(height=128, width=128)",
        "someof": "someof([hflip(), vflip(), gamma()], n=2)",
    ]

    private static func type(of value: TransformSpec.Value?) -> ValueType {
        switch value {
        case .number?: .number
        case .range?: .oneOf([.list, .number])
        case .text?: .string
        case .flag?: .bool
        case nil: .any
        }
    }

    private static func value(_ v: TransformSpec.Value) -> Value {
        switch v {
        case .number(let x): .number(x)
        case .range(let lo, let hi): .list([.number(lo), .number(hi)])
        case .text(let s): .string(s)
        case .flag(let b): .bool(b)
        }
    }

    private static func specValue(_ args: Arguments, _ name: String) throws -> TransformSpec.Value {
        switch args[name] {
        case .number(let x): return .number(x)
        case .string(let s): return .text(s)
        case .bool(let b): return .flag(b)
        case .list(let items):
            guard items.count == 2, case .number(let lo) = items[0], case .number(let hi) = items[1] else {
                throw args.error(name, "a range is written as two numbers, [low, high]")
            }
            return .range(lo, hi)
        default:
            throw args.error(name, "`\(name)` must be a number, a [low, high] pair, a string or a bool")
        }
    }

    /// The image and mask of a sample argument, as the augmentations take them.
    private static func pair(_ args: Arguments, _ name: String) throws -> Pair {
        let sample = try args.object(name, as: SampleObject.self).sample
        guard let mask = sample.mask else { return Pair(image: sample.image) }
        return try Pair(image: sample.image, mask: mask, source: sample.id)
    }
}
