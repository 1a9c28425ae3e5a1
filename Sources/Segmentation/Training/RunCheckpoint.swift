import Foundation
import Core
import Tensor

/// A training run on disk: a safetensors file whose tensors are the model's weights under
/// their own dotted names (so any safetensors reader can load them), the optimizer state
/// under `optimizer.` and the weight average under `average.`, and whose metadata holds the
/// architecture, the epoch, the step and the history as JSON.
extension Trainer {
    static let optimizerPrefix = "optimizer."
    static let averagePrefix = "average."
    /// The metadata key of the tuned post-processing (JSON), in checkpoints and weight files.
    public static let postProcessingKey = "postprocess"

    /// Writes the run so far to `path` (atomically).
    public func saveCheckpoint(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var tensors = model.namedTensors
        tensors += optimizer.stateTensors().map { (Self.optimizerPrefix + $0.name, $0.tensor) }
        if let average { tensors += average.stateTensors().map { (Self.averagePrefix + $0.name, $0.tensor) } }
        var metadata = [
            "format": "pleura-run-1",
            "config": String(decoding: try encoder.encode(model.config), as: UTF8.self),
            "history": String(decoding: try encoder.encode(history), as: UTF8.self),
            "epochs_done": String(epochsDone),
            "steps_done": String(stepsDone),
        ]
        if let postProcessing {
            metadata[Self.postProcessingKey] = String(decoding: try encoder.encode(postProcessing), as: UTF8.self)
        }
        try SafeTensors.write(tensors, metadata: metadata, to: path)
    }

    /// Restores weights, optimizer state, weight average, history and position from a
    /// checkpoint written by `saveCheckpoint`, so `fit` continues exactly where it stopped.
    public func resume(from path: String) throws {
        let file = try SafeTensors.read(path: path)
        guard file.metadata["format"] == "pleura-run-1",
              let done = file.metadata["epochs_done"].flatMap(Int.init),
              let steps = file.metadata["steps_done"].flatMap(Int.init),
              let historyJSON = file.metadata["history"] else {
            throw InputError(path, at: "metadata", "is not a Pleura training checkpoint (no run state); use load_weights for weights alone")
        }
        // The architecture must match; the initialisation seed need not, since the weights are replaced.
        if let json = file.metadata["config"],
           var saved = try? JSONDecoder().decode(ModelConfig.self, from: Data(json.utf8)) {
            saved.seed = model.config.seed
            if saved != model.config {
                throw InputError(path, at: "metadata.config", "was written by \(saved.call), not \(model.config.call)")
            }
        }
        var tuned: PostProcessing?
        if let json = file.metadata[Self.postProcessingKey] {
            do { tuned = try JSONDecoder().decode(PostProcessing.self, from: Data(json.utf8)) } catch {
                throw InputError(path, at: "metadata.\(Self.postProcessingKey)", "is not valid: \(error)")
            }
        }
        let restored: History
        do { restored = try JSONDecoder().decode(History.self, from: Data(historyJSON.utf8)) } catch {
            throw InputError(path, at: "metadata.history", "is not valid: \(error)")
        }
        func part(_ prefix: String) -> [(name: String, tensor: Tensor)] {
            file.tensors.filter { $0.name.hasPrefix(prefix) }.map { (String($0.name.dropFirst(prefix.count)), $0.tensor) }
        }
        let weights = file.tensors.filter { !$0.name.hasPrefix(Self.optimizerPrefix) && !$0.name.hasPrefix(Self.averagePrefix) }
        try model.load(weights, source: path)
        try optimizer.loadState(part(Self.optimizerPrefix), source: path)
        if let average { try average.loadState(part(Self.averagePrefix), source: path) }
        history = restored
        postProcessing = tuned
        epochsDone = done
        stepsDone = steps
    }
}

import TensorIO
