import Core
import Tensor

/// A DICOM Part 10 file: its metadata and, on request, its pixels (the first frame).
///
/// Reads implicit VR little endian, explicit VR little and big endian, and JPEG Baseline
/// (1.2.840.10008.1.2.4.50) encapsulated pixels; other compressed syntaxes parse, but
/// asking for their pixels is an error. Every error names the file, the tag and the offset.
public struct DICOMFile: Sendable {
    public let source: String
    public let metadata: DICOMMetadata
    private let bytes: [UInt8]
    private let parse: DICOMParse

    /// Reads and parses the file at `path`.
    public static func read(path: String) throws -> DICOMFile {
        try DICOMFile(bytes: FileIO.read(path: path), source: path)
    }

    /// The metadata of the file at `path`, without its pixels: only the bytes before
    /// PixelData are parsed, and only the first `prefix` bytes are read when PixelData starts
    /// within them (a SIIM header is about 2 KB), so a folder of DICOMs is surveyed at the
    /// speed of its directory walk.
    public static func readHeader(path: String, prefix: Int = 16_384) throws -> DICOMMetadata {
        let (start, fileSize) = try FileIO.read(path: path, upTo: prefix)
        if start.count < fileSize, let parsed = try? header(start, source: path), parsed.reachedPixels {
            return parsed.metadata
        }
        // The header runs past the prefix (or the prefix is the whole file): parse all of it.
        let bytes = start.count < fileSize ? try FileIO.read(path: path) : start
        let (metadata, reachedPixels) = try header(bytes, source: path)
        // An image file whose header parses but that ends before PixelData is cut short.
        guard reachedPixels else { throw InputError(path, at: "offset \(bytes.count)", "the file ends before its PixelData") }
        return metadata
    }

    /// The metadata of a header-only parse, and whether the parse reached PixelData (so that
    /// nothing of the header was cut off when the bytes are only the file's beginning).
    private static func header(_ bytes: [UInt8], source: String) throws -> (metadata: DICOMMetadata, reachedPixels: Bool) {
        let parser = DICOMParser(bytes: bytes, source: source)
        let parse = try parser.parse(headerOnly: true)
        return (try DICOMMetadata(parse, parser), parse.stoppedAtPixelData)
    }

    /// Parses DICOM bytes; `source` names them in errors.
    public init(bytes: [UInt8], source: String = "<dicom>") throws {
        let parser = DICOMParser(bytes: bytes, source: source)
        let parse = try parser.parse()
        self.source = source
        self.bytes = bytes
        self.parse = parse
        self.metadata = try DICOMMetadata(parse, parser)
    }

    /// The stored integer samples of the first frame, row-major, before rescale or
    /// inversion: what the file holds, for exact sums.
    public func storedPixels() throws -> [Int32] {
        switch try pixelSource() {
        case .native(let offset, let sample):
            return nativeSamples(at: offset, sample)
        case .jpeg(let gray):
            return gray.map(Int32.init)
        }
    }

    /// The first frame scaled to [0, 1]: rescaled by slope and intercept, then mapped from the
    /// range the stored bit depth allows (so the scaling never depends on the content), and
    /// inverted for MONOCHROME1, so that bright always means dense.
    public func image() throws -> Image {
        try image(width: metadata.columns, height: metadata.rows)
    }

    /// The first frame resized (as `Resize.image`) to `width` x `height` (both at least 1) and
    /// scaled as `image()`.
    /// The stored samples are resized first and scaled after, which gives the same values
    /// (the scaling is affine and resize weights sum to 1) without a full-size float copy.
    public func image(width: Int, height: Int) throws -> Image {
        let (lo, hi) = storedRange()
        // Rescale is affine: the stored range maps onto [0, 1] in one multiply-add; a
        // negative slope flips it, which is the same map written the other way round.
        var scale = 1 / Float(hi - lo), offset = -Float(lo) * scale
        if (metadata.rescaleSlope < 0) != (metadata.photometricInterpretation == "MONOCHROME1") {
            (scale, offset) = (-scale, 1 - offset)
        }
        let pixels: [Float]
        switch try pixelSource() {
        case .native(let at, let sample):
            pixels = try scaled(nativeSamples(at: at, sample), width, height, scale, offset)
        case .jpeg(let gray):
            pixels = try scaled(gray, width, height, scale, offset)
        }
        return Image(width: width, height: height, pixels: pixels)
    }

    /// Stored samples resized to `width` x `height` when that differs, then mapped by `v * scale + offset`.
    private func scaled<Sample: ResizeSample>(_ samples: [Sample], _ width: Int, _ height: Int,
                                              _ scale: Float, _ offset: Float) throws -> [Float] {
        try samples.withUnsafeBufferPointer { source in
            if width == metadata.columns && height == metadata.rows {
                return [Float](unsafeUninitializedCapacity: source.count) { out, count in
                    Parallel.chunks(source.count, minChunk: 1 << 16) { range in
                        for i in range { out[i] = source[i].floatValue * scale + offset }
                    }
                    count = source.count
                }
            }
            var resized = try Resize.resample(source, width: metadata.columns, height: metadata.rows, toWidth: width, toHeight: height)
            resized.withUnsafeMutableBufferPointer { values in
                for i in 0..<values.count { values[i] = values[i] * scale + offset }
            }
            return resized
        }
    }

    // MARK: Pixel data

    private struct SampleFormat {
        let bytes: Int
        let bits: Int
        let signed: Bool
    }

    private enum PixelSource {
        case native(offset: Int, SampleFormat)
        case jpeg([UInt8])
    }

    private func error(_ tag: DICOMTag, _ reason: String) -> InputError {
        DICOMParser.error(source, parse.elements[tag]?.offset ?? 0, tag, reason)
    }

    /// The smallest and largest stored values the bit depth and signedness allow.
    private func storedRange() -> (Int, Int) {
        let bits = max(1, min(metadata.bitsStored, 32))
        if metadata.pixelRepresentation == 1 { return (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) }
        return (0, (1 << bits) - 1)
    }

    /// Checks the image attributes and locates (native) or decodes (JPEG) the first frame.
    private func pixelSource() throws -> PixelSource {
        switch parse.syntax.compression {
        case .unsupported(let name):
            throw DICOMParser.error(source, parse.syntaxOffset, .transferSyntaxUID,
                                    "unsupported transfer syntax for pixel data: \(name)")
        case .jpegBaseline:
            _ = try grayscalePixelData()
            return .jpeg(try jpegFrame())
        case .none:
            let pixelData = try grayscalePixelData()
            let m = metadata
            guard !pixelData.isEncapsulated else { throw error(.pixelData, "native PixelData cannot have undefined length") }
            guard m.bitsAllocated == 8 || m.bitsAllocated == 16 else {
                throw error(.bitsAllocated, "only 8- and 16-bit samples are supported, found BitsAllocated \(m.bitsAllocated)")
            }
            guard (1...m.bitsAllocated).contains(m.bitsStored) else {
                throw error(.bitsStored, "BitsStored \(m.bitsStored) does not fit BitsAllocated \(m.bitsAllocated)")
            }
            let needed = m.rows * m.columns * m.bitsAllocated / 8
            guard pixelData.length >= needed else {
                throw error(.pixelData, "PixelData holds \(pixelData.length) bytes, but \(m.rows)x\(m.columns) at \(m.bitsAllocated) bits needs \(needed)")
            }
            return .native(offset: pixelData.valueOffset,
                           SampleFormat(bytes: m.bitsAllocated / 8, bits: m.bitsStored, signed: m.pixelRepresentation == 1))
        }
    }

    /// The PixelData element, once the attributes say it is a single-sample grayscale image.
    private func grayscalePixelData() throws -> DICOMElement {
        let m = metadata
        guard let pixelData = parse.elements[.pixelData] else { throw error(.pixelData, "the file has no PixelData") }
        // Rows and Columns are US values; anything outside 1...65535 is a damaged file.
        guard (1...65535).contains(m.rows), (1...65535).contains(m.columns) else {
            throw error(.rows, "Rows and Columns must be in 1...65535, found \(m.rows)x\(m.columns)")
        }
        guard m.samplesPerPixel == 1 else {
            throw error(.samplesPerPixel, "only single-sample (grayscale) images are supported, found SamplesPerPixel \(m.samplesPerPixel)")
        }
        guard m.photometricInterpretation == "MONOCHROME1" || m.photometricInterpretation == "MONOCHROME2" else {
            throw error(.photometricInterpretation, "unsupported PhotometricInterpretation \(m.photometricInterpretation)")
        }
        return pixelData
    }

    /// Native samples, masked to BitsStored and sign-extended when signed.
    private func nativeSamples(at offset: Int, _ format: SampleFormat) -> [Int32] {
        let count = metadata.rows * metadata.columns
        let bigEndian = parse.syntax.encoding.isBigEndian
        let mask = UInt32((UInt64(1) << format.bits) - 1)
        let shift = 32 - format.bits
        return bytes.withUnsafeBufferPointer { data in
            let base = data.baseAddress! + offset
            return [Int32](unsafeUninitializedCapacity: count) { out, initialized in
                for i in 0..<count {
                    let raw: UInt32 = format.bytes == 1
                        ? UInt32(base[i])
                        : bigEndian
                            ? UInt32(base[2 * i]) << 8 | UInt32(base[2 * i + 1])
                            : UInt32(base[2 * i + 1]) << 8 | UInt32(base[2 * i])
                    let stored = raw & mask
                    out[i] = format.signed ? Int32(bitPattern: stored << shift) >> shift : Int32(bitPattern: stored)
                }
                initialized = count
            }
        }
    }

    /// Decodes the first frame of JPEG Baseline PixelData. Its fragments are found from the
    /// basic offset table when there is one; without one, a single-frame image is all the
    /// fragments, and a multi-frame image has one fragment per frame.
    private func jpegFrame() throws -> [UInt8] {
        guard let encapsulated = parse.fragments, !encapsulated.fragments.isEmpty else {
            throw error(.pixelData, "JPEG Baseline PixelData must be encapsulated in at least one fragment")
        }
        guard metadata.bitsAllocated == 8, (1...8).contains(metadata.bitsStored), metadata.pixelRepresentation == 0 else {
            throw error(.bitsAllocated, "JPEG Baseline holds unsigned 8-bit samples, found BitsAllocated \(metadata.bitsAllocated), "
                            + "BitsStored \(metadata.bitsStored), PixelRepresentation \(metadata.pixelRepresentation)")
        }
        let fragments = frameFragments(encapsulated)
        let place = "offset \(encapsulated.offset), tag \(DICOMTag.pixelData)"
        let decoded: (width: Int, height: Int, pixels: [UInt8])
        if fragments.count == 1 {
            // The usual case: decode straight from the file's bytes, no copy.
            decoded = try bytes.withUnsafeBytes { raw in
                try JPEG.decodeGray8(UnsafeRawBufferPointer(rebasing: raw[fragments[0]]), source: source, place: place)
            }
        } else {
            var stream: [UInt8] = []
            stream.reserveCapacity(fragments.reduce(0) { $0 + $1.count })
            for range in fragments { stream.append(contentsOf: bytes[range]) }
            decoded = try stream.withUnsafeBytes { try JPEG.decodeGray8($0, source: source, place: place) }
        }
        guard decoded.width == metadata.columns, decoded.height == metadata.rows else {
            throw error(.pixelData, "the JPEG stream is \(decoded.width)x\(decoded.height) but Rows x Columns say \(metadata.columns)x\(metadata.rows)")
        }
        return decoded.pixels
    }

    private func frameFragments(_ encapsulated: DICOMFragments) -> [Range<Int>] {
        let fragments = encapsulated.fragments
        let table = encapsulated.basicOffsetTable
        if table.count >= 2, let start = fragments.first?.lowerBound {
            // Offsets count from the first fragment's item tag, 8 bytes before its data.
            let end = Int(table[1])
            return fragments.filter { $0.lowerBound - start < end }
        }
        return metadata.numberOfFrames > 1 ? [fragments[0]] : fragments
    }
}
