extension FitOptions.OptimizerKind: CustomStringConvertible {
    /// The optimizers by name, with their parameters and defaults: what `optimizer="sgd"` is
    /// read through and the language's optimizer constructors are generated from.
    public static let catalog = SettingsCatalog<FitOptions.OptimizerKind>(kind: "optimizer", [
        .init("adam", "Adam, betas (0.9, 0.999), eps 1e-8; weight decay is added to the gradient, as torch.optim.Adam",
              []) { _ in .adam },
        .init("adamw", "AdamW: Adam with decoupled weight decay, as torch.optim.AdamW", []) { _ in .adamW },
        .init("sgd", "SGD with momentum, as torch.optim.SGD", [.init("momentum", .number, default: .number(0.9))]) { a in
            .sgd(momentum: a.number("momentum"), nesterov: false) },
        .init("nesterov", "SGD with Nesterov momentum, as torch.optim.SGD(nesterov=True)",
              [.init("momentum", .number, default: .number(0.9))]) { a in
            .sgd(momentum: a.number("momentum"), nesterov: true) },
    ])

    /// The optimizer in the language's syntax: `adam`, `sgd(momentum=0.8)`.
    public var description: String {
        switch self {
        case .adam: "adam"
        case .adamW: "adamw"
        case let .sgd(momentum, nesterov): callSyntax(nesterov ? "nesterov" : "sgd", [keyword("momentum", momentum, default: 0.9)])
        }
    }

    /// Reads an optimizer written as `name` or `name(key=value, ...)` through `catalog`.
    public init(parsing text: String, source: String = "<optimizer>") throws {
        self = try Self.catalog.parse(text, source: source)
    }
}
