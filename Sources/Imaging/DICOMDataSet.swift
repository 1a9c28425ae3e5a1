/// A DICOM dataset under construction: elements by tag, encoded in ascending tag order.
/// The writer's building block, public so that tests and tools can write files with
/// sequences or attributes `DICOMWriter`'s convenience forms leave out.
public struct DICOMDataSet: Sendable {
    enum Value: Sendable {
        case text(String)
        case uint16([UInt16])
        case uint32([UInt32])
        /// OB data, written as is.
        case bytes([UInt8])
        /// OW data, byte-swapped for big endian.
        case words([UInt16])
        case sequence([DICOMDataSet], undefinedLength: Bool)
        /// Encapsulated PixelData: an empty basic offset table, then one item per fragment.
        case fragments([[UInt8]])
    }

    private(set) var elements: [DICOMTag: (vr: DICOMVR, value: Value)] = [:]

    public init() {}

    /// A text value (multiple values joined with backslashes by the caller), padded to even
    /// length with a space, or a NUL for UI.
    public mutating func set(_ tag: DICOMTag, _ vr: DICOMVR, text: String) { elements[tag] = (vr, .text(text)) }

    /// One or more unsigned 16-bit values (US).
    public mutating func set(_ tag: DICOMTag, uint16 values: UInt16...) { elements[tag] = (.US, .uint16(values)) }

    /// One or more unsigned 32-bit values (UL).
    public mutating func set(_ tag: DICOMTag, uint32 values: UInt32...) { elements[tag] = (.UL, .uint32(values)) }

    /// Raw bytes (OB or UN), padded with a zero byte to even length.
    public mutating func set(_ tag: DICOMTag, _ vr: DICOMVR, bytes: [UInt8]) { elements[tag] = (vr, .bytes(bytes)) }

    /// 16-bit words (OW), stored in the dataset's byte order.
    public mutating func set(_ tag: DICOMTag, words: [UInt16]) { elements[tag] = (.OW, .words(words)) }

    /// A sequence of items, each a dataset, with explicit lengths or with undefined lengths
    /// and delimiters.
    public mutating func setSequence(_ tag: DICOMTag, items: [DICOMDataSet], undefinedLength: Bool) {
        elements[tag] = (.SQ, .sequence(items, undefinedLength: undefinedLength))
    }

    /// Encapsulated PixelData (OB, undefined length) holding `fragments` after an empty
    /// basic offset table, closed by a sequence delimiter.
    public mutating func setEncapsulatedPixelData(fragments: [[UInt8]]) {
        elements[.pixelData] = (.OB, .fragments(fragments))
    }

    /// Removes an element.
    public mutating func remove(_ tag: DICOMTag) { elements[tag] = nil }

    // MARK: Encoding

    func encoded(_ encoding: DICOMEncoding) -> [UInt8] {
        var out = DICOMByteWriter(encoding: encoding)
        for tag in elements.keys.sorted() {
            let (vr, value) = elements[tag]!
            out.element(tag, vr, value)
        }
        return out.bytes
    }
}

/// Appends elements to a byte buffer in one encoding.
struct DICOMByteWriter {
    let encoding: DICOMEncoding
    var bytes: [UInt8] = []

    static let undefined: UInt32 = 0xFFFF_FFFF

    mutating func uint16(_ v: UInt16) {
        if encoding.isBigEndian { bytes += [UInt8(v >> 8), UInt8(v & 0xFF)] } else { bytes += [UInt8(v & 0xFF), UInt8(v >> 8)] }
    }

    mutating func uint32(_ v: UInt32) {
        if encoding.isBigEndian {
            uint16(UInt16(v >> 16)); uint16(UInt16(v & 0xFFFF))
        } else {
            uint16(UInt16(v & 0xFFFF)); uint16(UInt16(v >> 16))
        }
    }

    mutating func tag(_ tag: DICOMTag) {
        uint16(tag.group)
        uint16(tag.element)
    }

    /// An element header: tag, then (explicit VR) the VR and a 2- or 4-byte length.
    mutating func header(_ t: DICOMTag, _ vr: DICOMVR, length: UInt32) {
        tag(t)
        guard encoding.isExplicit else { uint32(length); return }
        bytes += vr.bytes
        if vr.hasLongLength {
            bytes += [0, 0]
            uint32(length)
        } else {
            precondition(length <= 0xFFFF, "\(vr) value of \(length) bytes needs a 4-byte length")
            uint16(UInt16(length))
        }
    }

    /// An item or delimiter: a tag and a 4-byte length, never a VR.
    mutating func marker(_ t: DICOMTag, length: UInt32) {
        tag(t)
        uint32(length)
    }

    mutating func element(_ tag: DICOMTag, _ vr: DICOMVR, _ value: DICOMDataSet.Value) {
        switch value {
        case .text(let text):
            var data = Array(text.utf8)
            if data.count % 2 == 1 { data.append(vr == .UI ? 0 : 0x20) }
            header(tag, vr, length: UInt32(data.count))
            bytes += data
        case .uint16(let values):
            header(tag, vr, length: UInt32(2 * values.count))
            for v in values { uint16(v) }
        case .uint32(let values):
            header(tag, vr, length: UInt32(4 * values.count))
            for v in values { uint32(v) }
        case .bytes(let data):
            header(tag, vr, length: UInt32(data.count + data.count % 2))
            bytes += data
            if data.count % 2 == 1 { bytes.append(0) }
        case .words(let words):
            header(tag, vr, length: UInt32(2 * words.count))
            bytes.reserveCapacity(bytes.count + 2 * words.count)
            for w in words { uint16(w) }
        case .sequence(let items, let undefinedLength):
            let encodedItems = items.map { $0.encoded(encoding) }
            if undefinedLength {
                header(tag, .SQ, length: Self.undefined)
                for item in encodedItems {
                    marker(.item, length: Self.undefined)
                    bytes += item
                    marker(.itemDelimitation, length: 0)
                }
                marker(.sequenceDelimitation, length: 0)
            } else {
                header(tag, .SQ, length: UInt32(encodedItems.reduce(0) { $0 + 8 + $1.count }))
                for item in encodedItems {
                    marker(.item, length: UInt32(item.count))
                    bytes += item
                }
            }
        case .fragments(let fragments):
            header(tag, .OB, length: Self.undefined)
            marker(.item, length: 0)
            for fragment in fragments {
                marker(.item, length: UInt32(fragment.count + fragment.count % 2))
                bytes += fragment
                if fragment.count % 2 == 1 { bytes.append(0) }
            }
            marker(.sequenceDelimitation, length: 0)
        }
    }
}
