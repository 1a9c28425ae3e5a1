import Data
import Imaging

/// Walks `0..<count` in ranges of `chunk`, reading range k+1 with `read` on a thread of its
/// own (`Prefetcher`) while `body` works on range k, so the model never waits for the next
/// images to be converted or their masks decoded. At most two chunks' inputs are held.
///
/// This is how `evaluate`, `predict`, `submit` and `search_thresholds` go through a dataset:
/// memory stays bounded by the chunk whatever the dataset's size, and reading overlaps the
/// model's work as it does for `fit`'s batches.
public func forEachChunk<Input>(count: Int, chunk: Int = inferenceChunk,
                                read: @escaping @Sendable (Range<Int>) throws -> Input,
                                _ body: (Range<Int>, Input) throws -> Void) throws {
    let size = max(1, chunk)
    let ranges = stride(from: 0, to: count, by: size).map { $0..<min(count, $0 + size) }
    let reader = Prefetcher<Range<Int>, Input>(make: read)
    defer { reader.drain() }
    for (k, range) in ranges.enumerated() {
        try body(range, try reader.take(range, prefetching: k + 1 < ranges.count ? ranges[k + 1] : nil))
    }
}

extension Dataset {
    /// The images at `range`, for the chunk walks of inference.
    public func images(_ range: Range<Int>) throws -> [Image] {
        try range.map { try self[$0].image }
    }
}
