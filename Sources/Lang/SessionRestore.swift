import Core
import Tensor

/// Putting back state that statements produced earlier without running them again: the
/// notebook runner restores a cached block this way.
extension Session {
    /// Sets `name` as the block that assigned it did.
    public func restore(variable name: String, to value: Value) {
        variables[name] = value
    }

    /// Appends statements to the record as if they had just succeeded, so `save` still
    /// writes every statement of the session.
    public func restore(recorded lines: [String]) {
        for line in lines { record(line) }
    }

    /// Puts back the session seed and the generator's exact position.
    public func restore(seed: UInt64, random: SeededGenerator) {
        reseed(seed)
        self.random = random
    }
}
