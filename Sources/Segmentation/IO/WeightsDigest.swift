import Core
import Data
import Tensor

extension Module {
    /// A hash of every parameter and buffer (batch-norm running statistics included), in
    /// registration order, with each tensor's dotted name and shape: 16 hex digits. Two
    /// models have the same digest when they hold the same weights bit for bit, so a replay
    /// can be checked against the session it replays.
    public var weightsDigest: String {
        var checksum = Checksum()
        for (name, tensor) in namedTensors {
            checksum.add(name)
            checksum.add(UInt64(tensor.shape.count))
            for side in tensor.shape { checksum.add(UInt64(side)) }
            tensor.data.withUnsafeBytes { checksum.add($0) }
        }
        return checksum.hex
    }
}
