import Core
import Tensor
import TensorIO

/// Copying a set of named tensors (from a file or a checkpoint) into named destinations.
enum NamedTensors {
    /// Copies each tensor of `given` into the destination of the same name. Every destination
    /// must be given with its exact shape and nothing else may be given; otherwise one error
    /// lists every missing, unexpected and wrongly shaped tensor, and nothing is changed.
    static func assign(_ given: [(name: String, tensor: Tensor)], to destinations: [(name: String, tensor: Tensor)],
                       source: String) throws {
        var byName: [String: Tensor] = [:]
        var repeated: [String] = []
        for (name, tensor) in given {
            if byName.updateValue(tensor, forKey: name) != nil { repeated.append(name) }
        }
        let wanted = Set(destinations.map(\.name))
        var missing: [String] = [], wrongShape: [String] = []
        for (name, destination) in destinations {
            guard let tensor = byName[name] else { missing.append(name); continue }
            if tensor.shape != destination.shape {
                wrongShape.append("\(name) (given \(tensor.shape), expected \(destination.shape))")
            }
        }
        let unexpected = given.map(\.name).filter { !wanted.contains($0) }
        var problems: [String] = []
        func report(_ names: [String], _ what: String) {
            if !names.isEmpty { problems.append("\(names.count) \(what): \(names.joined(separator: ", "))") }
        }
        report(missing, "missing")
        report(unexpected, "unexpected")
        report(wrongShape, "with the wrong shape")
        report(repeated, "given more than once")
        guard problems.isEmpty else {
            throw InputError(source, "the tensors do not match (\(destinations.count) expected, \(given.count) given); "
                             + problems.joined(separator: "; "))
        }
        for (name, destination) in destinations { if let tensor = byName[name] { destination.data = tensor.data } }
    }
}

extension NamedTensors {
    /// The whole number held by a one-element state tensor (a step or snapshot count).
    static func count(in tensor: Tensor, source: String, place: String) throws -> Int {
        let value = tensor.data[0]
        guard value >= 0, value < 0x1p24, value.rounded() == value else {
            throw InputError(source, at: place, "a count must be a whole number ≥ 0 below 2^24, got \(value)")
        }
        return Int(value)
    }
}

extension Module {
    /// Parameters then buffers, by dotted name: everything a weights file holds for this module.
    public var namedTensors: [(name: String, tensor: Tensor)] { namedParameters() + namedBuffers() }

    /// Copies `tensors` into this module's parameters and buffers. Names and shapes must match
    /// exactly; otherwise one `InputError` naming `source` lists every mismatch (missing,
    /// unexpected, wrong shape) and the module is left unchanged.
    public func load(_ tensors: [(name: String, tensor: Tensor)], source: String) throws {
        try NamedTensors.assign(tensors, to: namedTensors, source: source)
    }

    /// Writes the parameters and buffers to a safetensors file, atomically.
    public func saveWeights(to path: String, metadata: [String: String] = [:]) throws {
        try SafeTensors.write(namedTensors, metadata: metadata, to: path)
    }

    /// Reads a safetensors file into the parameters and buffers (see `load(_:source:)`) and
    /// returns the file's metadata.
    @discardableResult
    public func loadWeights(from path: String) throws -> [String: String] {
        let file = try SafeTensors.read(path: path)
        try load(file.tensors, source: path)
        return file.metadata
    }
}
