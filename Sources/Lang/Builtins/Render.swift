import Imaging
import Render
import Tensor

extension Registry {
    /// Looking at things: `show` and the chart constructors.
    func addRender() {
        add(Builtin("show", .render, [Parameter("x", .any)] + Parameter.figure
                                      + [Parameter("outline", .bool, default: false)],
                    help: "Draws a sample (image with its mask), an image, a 2-D tensor (as a heat map) or a figure in "
                        + "the terminal, or writes it as a PNG with `png=`. `outline=true` draws the mask's outline "
                        + "instead of filling it; `width=` sets the width in terminal columns.",
                    example: "show synth_sample(seed=3, size=64) width=32\nshow tensor([[0, 1], [1, 0]]) width=8") { args in
            return try Self.present(try Self.figure(of: args), title: "", args)
        })
        add(Builtin("histogram", .render, [Parameter("values", .oneOf([.list, .object("tensor")])),
                                           Parameter("bins", .integer(in: 1...10_000), default: 20), Parameter("title", .string, default: "")] + Parameter.figure,
                    help: "A histogram of a list of numbers or of a tensor's values, shown or written with `png=`.",
                    example: "histogram [1, 2, 2, 3, 3, 3] bins=3 width=40") { args in
            let values = try Self.numbers(args, "values")
            let title = try args.string("title")
            return try Self.present(try Histogram(values: values, bins: try args.int("bins"), title: title), title: title, args)
        })
        add(Builtin("bars", .render, [Parameter("labels", .list), Parameter("values", .list),
                                      Parameter("title", .string, default: "")] + Parameter.figure,
                    help: "A bar chart of values with their labels.",
                    example: "bars [\"PA\", \"AP\"] [0.19, 0.26] title=\"positive rate by view\" width=40") { args in
            let labels = try args.list("labels").map(\.plain)
            let title = try args.string("title")
            return try Self.present(try BarChart(labels: labels, values: try Self.numbers(args, "values"), title: title),
                                    title: title, args)
        })
        add(Builtin("plot", .render, [Parameter("values", .oneOf([.list, .object("tensor")])),
                                      Parameter("title", .string, default: "")] + Parameter.figure,
                    help: "A line plot of a list of numbers against their index, such as a learning curve.",
                    example: "plot [0.9, 0.6, 0.45, 0.4, 0.38] title=\"loss\" width=40") { args in
            let series = try LinePlot.Series(try args.string("title"), y: try Self.numbers(args, "values"))
            return try Self.present(try LinePlot([series], title: try args.string("title")), title: try args.string("title"), args)
        })
    }

    /// The figure as a value (a statement that gives it draws it), or, when the call has
    /// `png=`, written as a PNG and announced, giving `none`.
    static func present(_ figure: any Figure, title: String, _ args: Arguments) throws -> Value {
        let width = args.has("width") ? try args.int("width") : nil
        guard args.has("png") else { return .object(FigureObject(figure, title: title, width: width)) }
        try figure.writePNG(to: try args.writablePath("png"))
        args.session.figure(try args.string("png"))
        return .none
    }

    /// The figure for `show`'s argument.
    private static func figure(of args: Arguments) throws -> any Figure {
        let mode: Overlay.Mode = try args.bool("outline") ? .outline : .filled
        switch args["x"] {
        case .object(let s as SampleObject): return try Overlay(image: s.sample.image, mask: s.sample.mask, mode: mode)
        case .object(let i as ImageObject): return try Overlay(image: i.image, mode: mode)
        case .object(let f as FigureObject): return f.figure
        case .object(let t as TensorObject):
            guard t.tensor.rank == 2 else {
                throw args.error("x", "a tensor is shown as a heat map, so it must have 2 axes; this one has shape \(t.tensor.shape)")
            }
            return try Heatmap(Image(width: t.tensor.shape[1], height: t.tensor.shape[0], pixels: t.tensor.data))
        default:
            throw args.error("x", "`show` draws a sample, an image, a 2-D tensor or a figure, not a \(args["x"].typeName)")
        }
    }

    /// The numbers of a list or a tensor.
    static func numbers(_ args: Arguments, _ name: String) throws -> [Double] {
        if case .object(let t as TensorObject) = args[name] { return t.tensor.data.map(Double.init) }
        return try args.list(name).enumerated().map { i, item in
            guard case .number(let x) = item else { throw args.error(name, "item \(i) is a \(item.typeName), not a number") }
            return x
        }
    }
}
