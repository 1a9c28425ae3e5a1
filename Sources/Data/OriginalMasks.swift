import Foundation
import Core
import Imaging

/// Each sample's mask at the resolution its labels were made at, for scoring at the
/// competition's resolution rather than the training size.
///
/// A SIIM dataset keeps its label file (`labels`, the RLE at 1024²), so the original mask is
/// run-length arithmetic on the rows of that file. A PNG dataset's original mask is its file
/// under `masks/`, read again on demand, so a dataset holds no full-size pixels. A dataset
/// without either (one made in memory) has only its masks at `size`.
extension Dataset {
    /// Where sample `i`'s original mask comes from, if anywhere.
    public enum OriginalMaskSource: Sendable, Equatable {
        /// The label file's RLE rows, at the labels' width x height.
        case labels
        /// A PNG mask under the folder's `masks/`.
        case file(String)
    }

    /// Where sample `i`'s mask at the original resolution can be read, or nil when the dataset
    /// keeps only its masks at `size` (or the sample is unlabelled).
    public func originalMaskSource(of i: Int) -> OriginalMaskSource? {
        guard masks[i] != nil else { return nil }
        if let labels, labels[ids[i]] != nil { return .labels }
        guard layout == .png else { return nil }
        let folder = (origin as NSString).appendingPathComponent("masks")
        let path = (folder as NSString).appendingPathComponent("\(ids[i]).png")
        return FileManager.default.fileExists(atPath: path) ? .file(path) : nil
    }

    /// Sample `i`'s mask at the original resolution (the label file's size, or the mask
    /// file's), or nil when the dataset does not keep one.
    public func originalMask(of i: Int) throws -> Mask? {
        switch originalMaskSource(of: i) {
        case nil: return nil
        case .labels?:
            guard let labels, let label = labels[ids[i]] else { return nil }
            return RLE.mask(label.union, width: labels.width, height: labels.height)
        case .file(let path)?:
            let samples = try PNG.readSamples(path: path)
            // The same cut as the loader's: a pixel is set above half the sample range.
            return Mask(width: samples.width, height: samples.height,
                        pixels: samples.values.map { Int($0) * 2 > samples.maxValue ? 1 : 0 })
        }
    }

    /// Sample `i`'s truth for scoring at `side` x `side`: the original mask, resized (by
    /// `Resize.mask`) when the original is another size; without an original, the mask at
    /// `size`, resized the same way. Throws for an unlabelled sample.
    public func truth(of i: Int, side: Int) throws -> Mask {
        guard let runs = masks[i] else {
            throw InputError(origin, at: "sample \(i) (\(ids[i]))", "has no mask; evaluation needs labelled samples")
        }
        let mask: Mask
        if side != size, let original = try originalMask(of: i) {
            mask = original
        } else {
            mask = RLE.mask(runs, width: size, height: size)
        }
        return try Resize.mask(mask, width: side, height: side)
    }
}
