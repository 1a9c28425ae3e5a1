import Core
import Imaging

/// A Kaggle submission: `ImageId,EncodedPixels`, one merged mask per image, `-1` for empty.
///
/// Adding a second mask for an image merges it into the first by union, so the file always
/// has exactly one row per image, in the order images were first added.
public struct Submission: Sendable {
    /// How the RLE column writes starts (SIIM's stage-2 scorer: `.relative`).
    public let format: RLEFormat
    private var ids: [String] = []
    private var masks: [Mask] = []
    private var index: [String: Int] = [:]

    public init(format: RLEFormat = .relative) {
        self.format = format
    }

    /// Images in the submission.
    public var count: Int { ids.count }

    /// Adds the prediction for `id`, merging it by union with any earlier one.
    /// Throws when the id could not be written as a CSV field or the mask sizes disagree.
    public mutating func add(_ id: String, _ mask: Mask) throws {
        guard !id.isEmpty, !id.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else {
            throw InputError(id, "an ImageId in a submission must be non-empty, without commas, quotes or line breaks")
        }
        guard let i = index[id] else {
            index[id] = ids.count
            ids.append(id)
            masks.append(mask)
            return
        }
        guard masks[i].width == mask.width, masks[i].height == mask.height else {
            throw InputError(id, "a second mask of \(mask.width)x\(mask.height) does not match the first of \(masks[i].width)x\(masks[i].height)")
        }
        masks[i].pixels.withUnsafeMutableBufferPointer { merged in
            mask.pixels.withUnsafeBufferPointer { extra in
                for k in merged.indices where extra[k] != 0 { merged[k] = 1 }
            }
        }
    }

    /// The CSV text.
    public var csv: String {
        var text = "ImageId,EncodedPixels\n"
        for (id, mask) in zip(ids, masks) {
            text += id + "," + RLE.encode(mask, format: format) + "\n"
        }
        return text
    }

    /// Writes the CSV to `path` atomically (a temporary file renamed into place).
    public func write(to path: String) throws {
        try FileIO.writeAtomically(Array(csv.utf8), to: path)
    }
}
