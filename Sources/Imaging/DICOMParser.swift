import Core

/// One top-level element found in a file: where its value lies, not a copy of it.
struct DICOMElement: Sendable {
    let tag: DICOMTag
    let vr: DICOMVR
    /// Offset of the element's tag in the file, for error messages.
    let offset: Int
    let valueOffset: Int
    /// Value length in bytes (0 for encapsulated PixelData, whose value is its fragments).
    let length: Int
    /// PixelData of undefined length: items holding a compressed stream.
    var isEncapsulated = false
}

/// Encapsulated PixelData: the basic offset table and the byte ranges of the fragments.
struct DICOMFragments: Sendable {
    let offset: Int
    let basicOffsetTable: [UInt32]
    let fragments: [Range<Int>]
}

/// What the parser finds: the meta group, the dataset's top-level elements and, for
/// encapsulated pixels, the fragments. Sequences are validated and skipped.
struct DICOMParse: Sendable {
    let syntax: DICOMTransferSyntax
    let syntaxOffset: Int
    let elements: [DICOMTag: DICOMElement]
    let fragments: DICOMFragments?
    /// Whether a header-only parse stopped at PixelData (rather than at the end of the bytes).
    var stoppedAtPixelData = false
}

/// Walks the bytes of a DICOM Part 10 file. Every length is checked against the bytes
/// that are really there before it is used, every loop advances by at least 8 bytes,
/// and nesting is bounded, so no file can make it crash, hang or over-allocate.
struct DICOMParser {
    let bytes: [UInt8]
    let source: String

    static let undefinedLength = 0xFFFF_FFFF
    static let maxNesting = 32

    func error(_ offset: Int, _ tag: DICOMTag?, _ reason: String) -> InputError {
        Self.error(source, offset, tag, reason)
    }

    /// An error placed at a byte offset and, when known, a tag: "offset 132, tag (0002,0010)".
    static func error(_ source: String, _ offset: Int, _ tag: DICOMTag?, _ reason: String) -> InputError {
        InputError(source, at: tag.map { "offset \(offset), tag \($0)" } ?? "offset \(offset)", reason)
    }

    /// Parses the file. With `headerOnly`, parsing stops at the top-level PixelData element
    /// (which is not recorded), so the pixels are never walked and `bytes` may be just the
    /// file's beginning, as long as it reaches PixelData.
    func parse(headerOnly: Bool = false) throws -> DICOMParse {
        guard bytes.count >= 132, bytes[128] == 0x44, bytes[129] == 0x49, bytes[130] == 0x43, bytes[131] == 0x4D else {
            throw error(128, nil, "not a DICOM Part 10 file: no \"DICM\" after the 128-byte preamble")
        }
        // The meta group is always explicit VR little endian; it ends where group 0002 does.
        var meta: [DICOMTag: DICOMElement] = [:]
        var offset = 132
        while offset + 2 <= bytes.count && readUInt16(offset, .explicitLittle) == 0x0002 {
            offset = try element(at: offset, .explicitLittle, depth: 0) { meta[$0.tag] = $0 }
        }
        guard let syntaxElement = meta[.transferSyntaxUID] else {
            throw error(132, .transferSyntaxUID, "the meta group has no TransferSyntaxUID")
        }
        let uid = text(syntaxElement)
        guard let syntax = DICOMTransferSyntax(uid: uid) else {
            throw error(syntaxElement.offset, .transferSyntaxUID, "unsupported transfer syntax \"\(uid)\"")
        }
        var elements: [DICOMTag: DICOMElement] = [:]
        var stopped = false
        while offset < bytes.count {
            if headerOnly && offset + 4 <= bytes.count && readTag(offset, syntax.encoding) == .pixelData {
                stopped = true
                break
            }
            offset = try element(at: offset, syntax.encoding, depth: 0) { elements[$0.tag] = $0 }
        }
        if headerOnly {
            return DICOMParse(syntax: syntax, syntaxOffset: syntaxElement.offset, elements: elements, fragments: nil,
                              stoppedAtPixelData: stopped)
        }
        let fragments = try elements[.pixelData].flatMap { $0.isEncapsulated ? try encapsulated($0) : nil }
        return DICOMParse(syntax: syntax, syntaxOffset: syntaxElement.offset, elements: elements, fragments: fragments)
    }

    // MARK: Elements

    private struct Header {
        let tag: DICOMTag
        let vr: DICOMVR
        let length: Int
        let valueOffset: Int
    }

    /// Reads the element at `offset`, passes it to `found` (top level only) and returns the
    /// offset just past it, having skipped any sequence it holds.
    private func element(at offset: Int, _ encoding: DICOMEncoding, depth: Int,
                         _ found: (DICOMElement) -> Void) throws -> Int {
        let header = try readHeader(offset, encoding)
        let tag = header.tag
        if header.length == Self.undefinedLength {
            if tag == .pixelData && depth == 0 {
                found(DICOMElement(tag: tag, vr: header.vr, offset: offset, valueOffset: header.valueOffset,
                                   length: 0, isEncapsulated: true))
                return try skipItems(from: header.valueOffset, .explicitLittle, depth: depth + 1, tag: tag, offset)
            }
            guard header.vr == .SQ || header.vr == .UN || !encoding.isExplicit else {
                throw error(offset, tag, "undefined length on a \(header.vr) element (only sequences may have one)")
            }
            // An undefined-length UN holds its sequence in implicit VR little endian (PS3.5 6.2.2).
            let inner: DICOMEncoding = header.vr == .UN ? .implicitLittle : encoding
            return try skipItems(from: header.valueOffset, inner, depth: depth + 1, tag: tag, offset)
        }
        let end = header.valueOffset + header.length
        guard end <= bytes.count else {
            throw error(offset, tag, "value length \(header.length) runs past the end of the file (\(bytes.count) bytes)")
        }
        if depth == 0 {
            found(DICOMElement(tag: tag, vr: header.vr, offset: offset, valueOffset: header.valueOffset, length: header.length))
        }
        return end
    }

    /// Skips the items of an undefined-length sequence (or encapsulated PixelData) up to
    /// and including its sequence delimiter; items of defined length are jumped over, items
    /// of undefined length are walked element by element to their item delimiter.
    private func skipItems(from start: Int, _ encoding: DICOMEncoding, depth: Int,
                           tag owner: DICOMTag, _ ownerOffset: Int) throws -> Int {
        guard depth <= Self.maxNesting else {
            throw error(ownerOffset, owner, "sequences nested deeper than \(Self.maxNesting) levels")
        }
        var offset = start
        while true {
            let header = try readItemHeader(offset, encoding, in: owner)
            switch header.tag {
            case .sequenceDelimitation:
                return header.valueOffset
            case .item where header.length == Self.undefinedLength:
                offset = header.valueOffset
                while true {
                    guard offset + 8 <= bytes.count else {
                        throw error(offset, owner, "the file ends inside an item of the sequence")
                    }
                    if readTag(offset, encoding) == .itemDelimitation {
                        offset = try readItemHeader(offset, encoding, in: owner).valueOffset
                        break
                    }
                    offset = try element(at: offset, encoding, depth: depth) { _ in }
                }
            case .item:
                let end = header.valueOffset + header.length
                guard end <= bytes.count else {
                    throw error(offset, owner, "item length \(header.length) runs past the end of the file (\(bytes.count) bytes)")
                }
                offset = end
            default:
                throw error(offset, owner, "expected an item (FFFE,E000) or sequence delimiter, found \(header.tag)")
            }
        }
    }

    /// The items of encapsulated PixelData: the basic offset table, then one per fragment.
    private func encapsulated(_ pixelData: DICOMElement) throws -> DICOMFragments {
        var offset = pixelData.valueOffset
        var table: [UInt32]?
        var fragments: [Range<Int>] = []
        while true {
            let header = try readItemHeader(offset, .explicitLittle, in: .pixelData)
            if header.tag == .sequenceDelimitation { break }
            guard header.tag == .item, header.length != Self.undefinedLength else {
                throw error(offset, .pixelData, "encapsulated PixelData needs items of defined length, found \(header.tag)")
            }
            let range = header.valueOffset..<(header.valueOffset + header.length)
            if table == nil {
                guard header.length % 4 == 0 else {
                    throw error(offset, .pixelData, "basic offset table length \(header.length) is not a multiple of 4")
                }
                table = stride(from: range.lowerBound, to: range.upperBound, by: 4).map { readUInt32($0, .explicitLittle) }
            } else {
                fragments.append(range)
            }
            offset = range.upperBound
        }
        return DICOMFragments(offset: pixelData.offset, basicOffsetTable: table ?? [], fragments: fragments)
    }

    // MARK: Headers

    private func readHeader(_ offset: Int, _ encoding: DICOMEncoding) throws -> Header {
        guard offset + 8 <= bytes.count else {
            // Name the tag when its 4 bytes are there.
            let tag = offset + 4 <= bytes.count ? readTag(offset, encoding) : nil
            throw error(offset, tag, "the file ends inside an element header (\(bytes.count - offset) bytes left)")
        }
        let tag = readTag(offset, encoding)
        if tag.group == 0xFFFE || !encoding.isExplicit {
            let vr = DICOMTag.implicitVR[tag] ?? .UN
            return Header(tag: tag, vr: vr, length: readLength(offset, encoding), valueOffset: offset + 8)
        }
        let vr = DICOMVR(bytes[offset + 4], bytes[offset + 5])
        guard vr.isWellFormed else {
            throw error(offset, tag, "invalid value representation bytes \(bytes[offset + 4]), \(bytes[offset + 5])")
        }
        if vr.hasLongLength {
            guard offset + 12 <= bytes.count else {
                throw error(offset, tag, "the file ends inside an element header (\(bytes.count - offset) bytes left)")
            }
            return Header(tag: tag, vr: vr, length: Int(readUInt32(offset + 8, encoding)), valueOffset: offset + 12)
        }
        return Header(tag: tag, vr: vr, length: Int(readUInt16(offset + 6, encoding)), valueOffset: offset + 8)
    }

    /// Items and delimiters: a tag and a 4-byte length, with no VR in any encoding.
    private func readItemHeader(_ offset: Int, _ encoding: DICOMEncoding, in owner: DICOMTag) throws -> Header {
        guard offset + 8 <= bytes.count else {
            throw error(offset, owner, "the file ends inside the sequence (no sequence delimiter)")
        }
        return Header(tag: readTag(offset, encoding), vr: .UN, length: readLength(offset, encoding), valueOffset: offset + 8)
    }

    /// The 4-byte length of an implicit-VR element or an item, at `offset + 4`.
    private func readLength(_ offset: Int, _ encoding: DICOMEncoding) -> Int {
        Int(readUInt32(offset + 4, encoding))
    }

    private func readTag(_ offset: Int, _ encoding: DICOMEncoding) -> DICOMTag {
        DICOMTag(readUInt16(offset, encoding), readUInt16(offset + 2, encoding))
    }

    // MARK: Values

    func readUInt16(_ offset: Int, _ encoding: DICOMEncoding) -> UInt16 {
        let a = UInt16(bytes[offset]), b = UInt16(bytes[offset + 1])
        return encoding.isBigEndian ? a << 8 | b : b << 8 | a
    }

    func readUInt32(_ offset: Int, _ encoding: DICOMEncoding) -> UInt32 {
        let lo = UInt32(readUInt16(offset, encoding)), hi = UInt32(readUInt16(offset + 2, encoding))
        return encoding.isBigEndian ? lo << 16 | hi : hi << 16 | lo
    }

    /// A text value decoded as ISO 8859-1 (each byte one code point), trailing spaces and
    /// NULs trimmed, leading spaces too (they carry no meaning in the VRs read here).
    func text(_ element: DICOMElement) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes[element.valueOffset..<element.valueOffset + element.length] {
            scalars.append(Unicode.Scalar(byte))
        }
        return DICOMText.trim(String(scalars))
    }
}

/// Trimming and splitting of DICOM text values.
enum DICOMText {
    static func trim(_ value: String) -> String {
        var s = Substring(value)
        while let last = s.last, last == " " || last == "\0" { s.removeLast() }
        while let first = s.first, first == " " { s.removeFirst() }
        return String(s)
    }

    /// The values of a multi-valued string (separated by backslashes), each trimmed.
    static func values(_ value: String) -> [String] {
        value.split(separator: "\\", omittingEmptySubsequences: false).map { trim(String($0)) }
    }
}
