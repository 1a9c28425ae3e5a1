import Core
import Tensor

extension SafeTensors {
    /// Parses the bytes of a safetensors file. `source` names the file in errors. Every length and
    /// offset is checked against the bytes really present before anything is allocated, so the
    /// tensors never take more memory than the file's data justifies.
    public static func decode(_ bytes: [UInt8], source: String) throws -> Contents {
        guard bytes.count >= 8 else {
            throw InputError(source, at: "offset 0", "the file is \(bytes.count) bytes, too short for the 8-byte header length")
        }
        var declared: UInt64 = 0
        for k in 0..<8 { declared |= UInt64(bytes[k]) << (8 * k) }
        guard declared <= UInt64(bytes.count - 8) else {
            throw InputError(source, at: "offset 0", "the header length \(declared) runs past the end of the file (\(bytes.count) bytes)")
        }
        guard declared <= UInt64(maximumHeaderLength) else {
            throw InputError(source, at: "offset 0", "the header length \(declared) exceeds the format's limit of \(maximumHeaderLength) bytes")
        }
        let headerLength = Int(declared), dataStart = 8 + headerLength
        guard headerLength > 0, bytes[8] == UInt8(ascii: "{") else {
            throw InputError(source, at: "offset 8", "the header must be a JSON object starting with `{`")
        }
        let header: JSONValue
        do {
            header = try JSONReader.parse(Array(bytes[8..<dataStart]))
        } catch let error as JSONSyntaxError {
            throw InputError(source, at: "header byte \(error.offset) (file offset \(8 + error.offset))", "bad JSON: \(error.reason)")
        }
        guard case .object(let members) = header else {
            throw InputError(source, at: "header", "the header must be a JSON object")
        }

        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        var seen: Set<String> = []
        for (key, value, offset) in members {
            let place = "header byte \(offset), `\(key)`"
            guard seen.insert(key).inserted else { throw InputError(source, at: place, "the name appears twice") }
            if key == "__metadata__" {
                metadata = try readMetadata(value, source: source, place: place)
            } else {
                entries.append(try Entry(name: key, value, source: source, place: place))
            }
        }
        try checkTiling(entries, dataLength: bytes.count - dataStart, source: source)

        let tensors = entries.sorted { $0.begin < $1.begin }.map { entry in
            let data = [Float](unsafeUninitializedCapacity: entry.count) { out, initialized in
                bytes.withUnsafeBytes { raw in
                    if let base = out.baseAddress, let file = raw.baseAddress, entry.count > 0 {
                        entry.dtype.convert(file + dataStart + entry.begin, count: entry.count, into: base)
                    }
                }
                initialized = entry.count
            }
            return (name: entry.name, tensor: Tensor(shape: entry.shape, data: data))
        }
        return Contents(tensors: tensors, metadata: metadata)
    }

    /// One tensor's header entry, checked: a known dtype, a shape of whole numbers whose element
    /// count times the element size equals the byte range.
    private struct Entry {
        let name: String
        let dtype: SafeTensorsDType
        let shape: [Int]
        let count: Int
        let begin: Int
        let end: Int

        init(name: String, _ value: JSONValue, source: String, place: String) throws {
            func fail(_ reason: String) -> InputError { InputError(source, at: place, reason) }
            guard case .object(let fields) = value else { throw fail("a tensor entry must be an object, got \(value.kind)") }
            func field(_ key: String) throws -> JSONValue {
                guard let found = fields.first(where: { $0.key == key }) else { throw fail("the entry has no `\(key)`") }
                return found.value
            }
            func wholeNumbers(_ key: String) throws -> [Int] {
                guard case .array(let items) = try field(key) else { throw fail("`\(key)` must be an array") }
                return try items.map { item in
                    guard case .number(let text) = item.value, let n = Int(text), n >= 0 else {
                        throw fail("`\(key)` must hold whole numbers ≥ 0, got \(item.value.kind) \(item.value.text)")
                    }
                    return n
                }
            }
            guard case .string(let typeName) = try field("dtype") else { throw fail("`dtype` must be a string") }
            guard let dtype = SafeTensorsDType(rawValue: typeName) else {
                throw fail("unsupported dtype \(typeName); supported: \(SafeTensorsDType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let shape = try wholeNumbers("shape")
            let offsets = try wholeNumbers("data_offsets")
            guard offsets.count == 2, offsets[0] <= offsets[1] else {
                throw fail("`data_offsets` must be [begin, end] with begin ≤ end, got \(offsets)")
            }
            var count = 1
            for d in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow else { throw fail("the shape \(shape) has too many elements") }
                count = product
            }
            let (size, overflow) = count.multipliedReportingOverflow(by: dtype.byteCount)
            guard !overflow, size == offsets[1] - offsets[0] else {
                throw fail("shape \(shape) of \(typeName) needs \(overflow ? "too many" : String(size)) bytes, but `data_offsets` \(offsets) span \(offsets[1] - offsets[0])")
            }
            self.name = name
            self.dtype = dtype
            self.shape = shape
            self.count = count
            begin = offsets[0]
            end = offsets[1]
        }
    }

    /// The tensors must cover the data part exactly: in offset order each begins where the
    /// previous one ended, and the last ends at the end of the file.
    private static func checkTiling(_ entries: [Entry], dataLength: Int, source: String) throws {
        var position = 0, previous = "the start of the data"
        for entry in entries.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            let place = "tensor `\(entry.name)`"
            guard entry.end <= dataLength else {
                throw InputError(source, at: place, "`data_offsets` [\(entry.begin), \(entry.end)] run past the end of the data (\(dataLength) bytes)")
            }
            guard entry.begin >= position else {
                throw InputError(source, at: place, "bytes \(entry.begin)..<\(entry.end) overlap \(previous)")
            }
            guard entry.begin == position else {
                throw InputError(source, at: place, "a gap of \(entry.begin - position) bytes precedes it; the format allows no holes")
            }
            position = entry.end
            previous = "tensor `\(entry.name)`"
        }
        guard position == dataLength else {
            throw InputError(source, at: "offset \(position) of the data", "\(dataLength - position) bytes after the last tensor belong to none")
        }
    }

    private static func readMetadata(_ value: JSONValue, source: String, place: String) throws -> [String: String] {
        guard case .object(let fields) = value else { throw InputError(source, at: place, "`__metadata__` must be an object") }
        var metadata: [String: String] = [:]
        for (key, value, _) in fields {
            guard case .string(let text) = value else {
                throw InputError(source, at: place, "metadata value `\(key)` must be a string, got \(value.kind)")
            }
            metadata[key] = text
        }
        return metadata
    }
}

extension JSONValue {
    /// A short rendering of scalars, for error messages.
    fileprivate var text: String {
        switch self {
        case .number(let s): s
        case .string(let s): "\"\(s.prefix(40))\""
        case .bool(let b): b ? "true" : "false"
        default: ""
        }
    }
}
