import FuzzSupport
import TensorIO

// Decode the bytes as a safetensors file (header JSON, dtypes, shapes, offsets) and, when
// that succeeds, encode the tensors again.
fuzz { bytes in
    guard let contents = try? SafeTensors.decode(Array(bytes), source: "<fuzz>") else { return }
    _ = try? SafeTensors.encode(contents.tensors, metadata: contents.metadata)
}
