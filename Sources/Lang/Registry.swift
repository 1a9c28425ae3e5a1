/// The table of builtins. Each builtins file adds its domain's builtins with
/// `registry.add(Builtin(...))`; `standard()` gathers them all.
public final class Registry {
    public private(set) var builtins: [String: Builtin] = [:]

    public init() {}

    /// Every builtin the engine offers.
    public static func standard() -> Registry {
        let registry = Registry()
        registry.addCore()
        registry.addSequences()
        registry.addHelp()
        registry.addMath()
        registry.addTensors()
        registry.addImaging()
        registry.addData()
        registry.addTables()
        registry.addGallery()
        registry.addRender()
        registry.addAugment()
        registry.addModels()
        registry.addSMPModels()
        registry.addLosses()
        registry.addTraining()
        registry.addFineTuning()
        registry.addSettings()
        registry.addThreads()
        return registry
    }

    /// Adds a builtin. Two builtins with one name are a programming error.
    public func add(_ builtin: Builtin) {
        precondition(builtins[builtin.name] == nil, "builtin `\(builtin.name)` is declared twice")
        builtins[builtin.name] = builtin
    }

    public subscript(name: String) -> Builtin? { builtins[name] }

    /// All names, sorted.
    public var names: [String] { builtins.keys.sorted() }
}
