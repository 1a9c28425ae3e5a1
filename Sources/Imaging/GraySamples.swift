/// A single-channel image as a codec stored it: unsigned integer samples of `bitDepth` bits
/// (8 or 16), before scaling. Keeps decoding exact, so pixel sums can be checked to the unit.
public struct GraySamples: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Bits per stored sample: 8 or 16.
    public let bitDepth: Int
    /// Row-major samples (`values[y * width + x]`), each below `1 << bitDepth`.
    public var values: [UInt16]

    public init(width: Int, height: Int, bitDepth: Int, values: [UInt16]) {
        precondition(values.count == width * height, "GraySamples \(width)x\(height) needs \(width * height) values")
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
        self.values = values
    }

    /// The largest value a sample of this depth can hold: 255 or 65535.
    public var maxValue: Int { (1 << bitDepth) - 1 }

    /// The exact sum of all samples.
    public var sum: Int { values.reduce(0) { $0 + Int($1) } }

    /// The samples scaled to [0, 1] by the largest value the bit depth can hold.
    public func image() -> Image {
        let scale = 1 / Float(maxValue)
        let pixels = values.withUnsafeBufferPointer { source in
            [Float](unsafeUninitializedCapacity: source.count) { out, count in
                for i in 0..<source.count { out[i] = Float(source[i]) * scale }
                count = source.count
            }
        }
        return Image(width: width, height: height, pixels: pixels)
    }
}
