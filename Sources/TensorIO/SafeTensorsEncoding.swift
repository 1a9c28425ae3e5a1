import Foundation
import Tensor

extension SafeTensors {
    /// The bytes of a safetensors file holding `tensors` as F32 in the given order, with
    /// `metadata` (left out when empty). The header is padded with spaces to a multiple of 8
    /// bytes, as the reference writer does, so the data starts aligned.
    public static func encode(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]) throws -> [UInt8] {
        var seen: Set<String> = []
        for (name, _) in tensors where !seen.insert(name).inserted || name == "__metadata__" {
            throw ShapeError("safetensors", "the tensor name `\(name)` is reserved or appears twice")
        }
        var members: [String] = []
        if !metadata.isEmpty {
            let fields = metadata.sorted { $0.key < $1.key }.map { jsonString($0.key) + ":" + jsonString($0.value) }
            members.append("\"__metadata__\":{" + fields.joined(separator: ",") + "}")
        }
        var offset = 0
        for (name, tensor) in tensors {
            let end = offset + 4 * tensor.count
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            members.append(jsonString(name) + ":{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var header = Array(("{" + members.joined(separator: ",") + "}").utf8)
        header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8))

        var bytes = [UInt8]()
        bytes.reserveCapacity(8 + header.count + offset)
        for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: UInt64(header.count) >> (8 * k))) }
        bytes.append(contentsOf: header)
        let dataStart = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: offset))
        bytes.withUnsafeMutableBytes { raw in
            var position = dataStart
            for (_, tensor) in tensors {
                tensor.data.withUnsafeBufferPointer { values in
                    for (i, x) in values.enumerated() {
                        raw.storeBytes(of: x.bitPattern.littleEndian, toByteOffset: position + 4 * i, as: UInt32.self)
                    }
                }
                position += 4 * tensor.count
            }
        }
        return bytes
    }

    /// `text` as a JSON string literal: quotes, backslashes and control characters escaped.
    private static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u" + String(format: "%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
