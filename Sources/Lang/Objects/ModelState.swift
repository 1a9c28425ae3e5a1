import Foundation
import Core
import Segmentation
import Tensor

/// A model's whole state on disk, so a notebook cache can give back a trained model: its
/// architecture, the size it was trained at, and either its weights alone (untrained) or
/// its last run (weights, optimizer state, weight average, history) as a run checkpoint.
extension ModelObject {
    /// What a state file needs beside its tensors to rebuild the object.
    public struct StateInfo: Codable, Equatable, Sendable {
        public var config: ModelConfig
        public var trainedSize: Int?
        /// The optimizer and weight average of the last run, nil for an untrained model.
        public var run: RunSettings?
        /// The parts `freeze` froze; nil (as in files written before freezing existed) for none.
        public var frozen: [ModelPart]?
        /// The post-processing `fit ... tune=true` chose.
        public var postProcessing: PostProcessing?
    }

    /// The settings a trainer needs to read a run checkpoint back: the state tensors differ
    /// by optimizer and by weight average.
    public struct RunSettings: Codable, Equatable, Sendable {
        /// The optimizer as the language writes it (`adam`, `sgd(momentum=0.8)`), read back
        /// through the optimizer catalog, so names and parameters are spelt in one place.
        public var optimizer: String
        public var swaFromEpoch: Int?
        public var emaDecay: Double?
    }

    /// Writes the state to `path` (atomically) and returns what reading it back needs.
    public func writeState(to path: String) throws -> StateInfo {
        let frozen = model.frozenParts
        guard let trainer else {
            try model.saveWeights(to: path)
            return StateInfo(config: model.config, trainedSize: trainedSize, run: nil,
                             frozen: frozen.isEmpty ? nil : frozen, postProcessing: postProcessing)
        }
        try trainer.saveCheckpoint(to: path)
        let run = RunSettings(optimizer: trainer.options.optimizer.description, swaFromEpoch: trainer.options.swaFromEpoch,
                              emaDecay: trainer.options.emaDecay)
        return StateInfo(config: model.config, trainedSize: trainedSize, run: run,
                         frozen: frozen.isEmpty ? nil : frozen, postProcessing: postProcessing)
    }

    /// A model rebuilt from a state file written by `writeState`.
    public static func readState(from path: String, info: StateInfo) throws -> ModelObject {
        let object = ModelObject(try makeModel(info.config))
        try object.readState(from: path, info: info)
        return object
    }

    /// Puts the state of a file written by `writeState` into this model, whose architecture
    /// must be the file's.
    public func readState(from path: String, info: StateInfo) throws {
        guard info.config == model.config else {
            throw InputError(path, at: "config", "holds \(info.config.call), not \(model.config.call)")
        }
        for part in ModelPart.allCases where !model.parameters(in: part).isEmpty {
            try model.setTrainable(!(info.frozen ?? []).contains(part), part: part)
        }
        postProcessing = info.postProcessing
        guard let run = info.run else {
            try model.loadWeights(from: path)
            trainer = nil
            trainedSize = info.trainedSize
            return
        }
        var options = FitOptions(loss: BinaryCrossEntropy() + DiceLoss())
        options.optimizer = try FitOptions.OptimizerKind(parsing: run.optimizer, source: path)
        options.swaFromEpoch = run.swaFromEpoch
        options.emaDecay = run.emaDecay
        let restored = try Trainer(model: model, options: options)
        try restored.resume(from: path)
        trainer = restored
        trainedSize = info.trainedSize
    }

    /// Changes whenever the weights or the run change: tells whether a statement trained
    /// or reloaded a model it did not assign.
    public var stateFingerprint: [UInt64] {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for (_, tensor) in model.namedTensors {
            tensor.data.withUnsafeBufferPointer { values in
                for v in values { hash = (hash ^ UInt64(v.bitPattern)) &* 0x100_0000_01B3 }
            }
        }
        let run = trainer.map { UInt64(UInt(bitPattern: ObjectIdentifier($0).hashValue)) } ?? 0
        // `freeze` and a tuned post-processing change the model without touching a weight.
        var settings: UInt64 = 0xCBF2_9CE4_8422_2325
        let text = model.frozenParts.map(\.rawValue).joined(separator: ",") + "|" + (postProcessing?.description ?? "")
        for byte in text.utf8 { settings = (settings ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return [hash, run, UInt64(trainedSize ?? 0), settings]
    }
}
