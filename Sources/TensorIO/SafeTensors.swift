import Core
import Tensor

/// The safetensors weights format (Hugging Face), which PyTorch, JAX and most tools read and write:
///
///     8 bytes      N, the header length, unsigned little-endian
///     N bytes      a JSON object: {"name": {"dtype": "F32", "shape": [..], "data_offsets": [b, e]}, ...,
///                  "__metadata__": {"key": "value", ...}} (optional), padded with spaces
///     the rest     the tensors' little-endian bytes; tensor `name` is bytes b..<e of this part,
///                  and the tensors tile it exactly, with no gaps and no overlaps
///
/// Names are PyTorch-style dotted names (`encoder.0.conv.weight`).
public enum SafeTensors {
    /// What a file holds: its tensors in file order, and its metadata.
    public struct Contents {
        public var tensors: [(name: String, tensor: Tensor)]
        public var metadata: [String: String]

        public init(tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]) {
            self.tensors = tensors
            self.metadata = metadata
        }
    }

    /// The largest header accepted, as the reference implementation (100 MB).
    static let maximumHeaderLength = 100_000_000

    /// Reads the file at `path`; a malformed file is an `InputError` naming it, the place and the reason.
    public static func read(path: String) throws -> Contents {
        try decode(FileIO.read(path: path), source: path)
    }

    /// Writes `tensors` (as F32) and `metadata` to `path` through a temporary file and a rename,
    /// so an interrupted write never leaves a partial file.
    public static func write(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:],
                             to path: String) throws {
        try FileIO.writeAtomically(encode(tensors, metadata: metadata), to: path)
    }
}
