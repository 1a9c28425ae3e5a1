import Foundation
import Core
import Synchronization
import Testing
import Data
import TestSupport

/// The cache file as the loader writes it (its documented layout): the header at 0, the
/// pixel block from 64 KiB, one slot of size² bytes per source image, then the index.
private let pixelBlock = 65_536

/// A synthetic SIIM-layout set of `count` 1024-less images (64 px) in `dir`.
private func makeSIIMSet(_ dir: TemporaryDirectory, count: Int = 12) throws -> String {
    let folder = dir.path + "/siim"
    try Synth.generate(to: folder, count: count, size: 64, seed: 5, positiveRate: 0.5)
    return folder
}

/// The one cache entry in `cache`, failing the test when there is not exactly one file.
private func onlyEntry(_ cache: String) throws -> String {
    let files = try FileManager.default.contentsOfDirectory(atPath: cache)
    try #require(files.count == 1 && files[0].hasSuffix(".pleuracache"), "cache folder holds \(files)")
    return cache + "/" + files[0]
}

/// Flips every bit of the byte at `offset` of the file at `path`.
private func flipByte(at offset: Int, of path: String) throws {
    var bytes = try FileIO.read(path: path)
    bytes[offset] ^= 0xFF
    try FileIO.writeAtomically(bytes, to: path)
}

/// Every sample of `a` and `b` has the same id, metadata, mask and stored bytes.
private func expectSameSamples(_ a: Dataset, _ b: Dataset) throws {
    #expect(a.ids == b.ids && a.metadata == b.metadata && a.masks == b.masks)
    for i in 0..<a.count { #expect(try a.pixels(of: i) == b.pixels(of: i), "sample \(i)") }
}

extension InterruptibleWork {
    @Suite struct DatasetCaching {
        /// Built into the cache, and mapped from it again, a dataset holds the bytes an
        /// in-memory load decodes, sample for sample.
        @Test func theMappedCacheEqualsAnUncachedLoadByteForByte() throws {
            let dir = try TemporaryDirectory("cache")
            defer { dir.remove() }
            let folder = try makeSIIMSet(dir), cache = dir.path + "/cache"
            let settings = Preprocessing(size: 32)
            let memory = try Dataset.load(folder, preprocessing: settings, cacheDirectory: nil)
            let built = try Dataset.load(folder, preprocessing: settings, cacheDirectory: cache)
            let mapped = try Dataset.load(folder, preprocessing: settings, cacheDirectory: cache)
            #expect(!memory.store.isMapped && built.store.isMapped && mapped.store.isMapped)
            #expect(built.report.cache == .rebuilt(reason: "no entry") && mapped.report.cache == .hit)
            #expect(memory.count == 12 && memory.positive.contains(true) && memory.positive.contains(false))
            try expectSameSamples(memory, built)
            try expectSameSamples(memory, mapped)
            #expect(mapped.labels?.images.count == memory.labels?.images.count)
            // The slots follow the sources, so the file is the header, 12 slots and the index.
            let entry = try onlyEntry(cache)
            let size = try #require(try FileManager.default.attributesOfItem(atPath: entry)[.size] as? Int)
            #expect(size > pixelBlock + 12 * 32 * 32)
        }

        /// Subsets and slices share the store: the samples they pick read the same pixels.
        @Test func aSubsetOfAMappedDatasetReadsTheOriginalsPixels() throws {
            let dir = try TemporaryDirectory("cache")
            defer { dir.remove() }
            let folder = try makeSIIMSet(dir), cache = dir.path + "/cache"
            _ = try Dataset.load(folder, preprocessing: Preprocessing(size: 16), cacheDirectory: cache)
            let ds = try Dataset.load(folder, preprocessing: Preprocessing(size: 16), cacheDirectory: cache)
            let picked = [7, 2, 2, 11]
            let part = ds.subset(picked)
            #expect(part.store === ds.store)
            #expect(part.ids == picked.map { ds.ids[$0] } && part.masks == picked.map { ds.masks[$0] })
            for (k, i) in picked.enumerated() {
                #expect(try part.pixels(of: k) == ds.pixels(of: i))
                #expect(try part[k].image == ds[i].image && part[k].mask == ds[i].mask)
            }
            // A subset of a subset still indexes the one store.
            let inner = part.subset([3, 0])
            #expect(inner.store === ds.store && inner.ids == [ds.ids[11], ds.ids[7]])
            #expect(try inner.pixels(of: 0) == ds.pixels(of: 11))
        }

        /// Ctrl-C in the middle of a build leaves no cache file, nor a temporary one; the next
        /// load builds the entry from scratch.
        @Test func anInterruptedBuildLeavesNoValidCache() throws {
            let dir = try TemporaryDirectory("cache")
            defer { dir.remove() }
            let folder = try makeSIIMSet(dir, count: 40), cache = dir.path + "/cache"
            let settings = Preprocessing(size: 32)
            let seen = Mutex<[Int]>([])
            // The first progress report comes after the first image; Ctrl-C arrives then. The
            // source is this test's own, so no other test's work is stopped.
            let interrupt = InterruptSource()
            Interrupt.$current.withValue(interrupt) {
                #expect(throws: Interrupted.self) {
                    try Dataset.load(folder, preprocessing: settings, cacheDirectory: cache) { p in
                        seen.withLock { $0.append(p.done) }
                        interrupt.request()
                    }
                }
            }
            let reported = seen.withLock { $0 }
            #expect(!reported.isEmpty && reported.allSatisfy { $0 < 40 }, "progress \(reported)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: cache).isEmpty)
            let next = try Dataset.load(folder, preprocessing: settings, cacheDirectory: cache)
            #expect(next.report.cache == .rebuilt(reason: "no entry") && next.count == 40)
            #expect(try Dataset.load(folder, preprocessing: settings, cacheDirectory: cache).report.cache == .hit)
        }

        /// A build killed outright leaves its temporary file; the next build of the entry
        /// removes it when its process is gone, and leaves a running one's alone.
        @Test func aBuildRemovesTheTemporaryFilesOfDeadProcesses() throws {
            let dir = try TemporaryDirectory("cache")
            defer { dir.remove() }
            let folder = try makeSIIMSet(dir, count: 4), cache = dir.path + "/cache"
            _ = try Dataset.load(folder, preprocessing: Preprocessing(size: 16), cacheDirectory: cache)
            let entry = try onlyEntry(cache)
            try FileManager.default.removeItem(atPath: entry)
            // No process has the largest pid; pid 1 (init) always runs.
            let dead = entry + ".tmp-\(Int32.max)-7", running = entry + ".tmp-1-7"
            for orphan in [dead, running] { try FileIO.writeAtomically([1, 2, 3], to: orphan) }
            _ = try Dataset.load(folder, preprocessing: Preprocessing(size: 16), cacheDirectory: cache)
            #expect(!FileManager.default.fileExists(atPath: dead))
            #expect(FileManager.default.fileExists(atPath: running) && FileManager.default.fileExists(atPath: entry))
        }

        /// A damaged header or index is found when loading, and the entry rebuilt; a damaged
        /// image is found when it is first read: an error naming the file, which is removed so
        /// that the next load rebuilds it.
        @Test func aCorruptedCacheIsRebuiltOrRejectedClearly() throws {
            let dir = try TemporaryDirectory("cache")
            defer { dir.remove() }
            let folder = try makeSIIMSet(dir), cache = dir.path + "/cache"
            let settings = Preprocessing(size: 32)
            let reference = try Dataset.load(folder, preprocessing: settings, cacheDirectory: nil)
            _ = try Dataset.load(folder, preprocessing: settings, cacheDirectory: cache)
            let entry = try onlyEntry(cache)

            try flipByte(at: 20, of: entry)  // inside the fingerprint
            #expect(try Dataset.load(folder, preprocessing: settings, cacheDirectory: cache).report.cache
                    == .rebuilt(reason: "corrupt: header checksum mismatch"))

            let length = try #require(try FileManager.default.attributesOfItem(atPath: entry)[.size] as? Int)
            try flipByte(at: length - 10, of: entry)  // inside the index (its last strings)
            let rebuilt = try Dataset.load(folder, preprocessing: settings, cacheDirectory: cache)
            #expect(rebuilt.report.cache == .rebuilt(reason: "corrupt: index checksum mismatch"))
            try expectSameSamples(reference, rebuilt)

            // Image 3's slot is the fourth of the block (no source was unreadable).
            try flipByte(at: pixelBlock + 3 * 32 * 32 + 100, of: entry)
            let damaged = try Dataset.load(folder, preprocessing: settings, cacheDirectory: cache)
            #expect(damaged.report.cache == .hit)
            #expect(try damaged.pixels(of: 2) == reference.pixels(of: 2))
            do {
                _ = try damaged[3]
                Issue.record("a damaged image was read without an error")
            } catch let error as InputError {
                let text = "\(error)"
                #expect(text.contains(entry) && text.contains(damaged.ids[3]) && text.contains("checksum"), "\(text)")
            }
            #expect(!FileManager.default.fileExists(atPath: entry))
            let repaired = try Dataset.load(folder, preprocessing: settings, cacheDirectory: cache)
            #expect(repaired.report.cache == .rebuilt(reason: "no entry"))
            try expectSameSamples(reference, repaired)
        }

        /// Progress reaches the caller in order and ends with every image done.
        @Test func progressEndsWithEveryImage() throws {
            let dir = try TemporaryDirectory("cache")
            defer { dir.remove() }
            let folder = try makeSIIMSet(dir)
            let seen = Mutex<[LoadProgress]>([])
            _ = try Dataset.load(folder, preprocessing: Preprocessing(size: 16), cacheDirectory: nil) { p in
                seen.withLock { $0.append(p) }
            }
            let reports = seen.withLock { $0 }
            #expect(reports.last?.done == 12 && reports.last?.total == 12 && reports.last?.finished == true)
            #expect(reports.map(\.done) == reports.map(\.done).sorted())
            #expect(reports.dropLast().allSatisfy { !$0.finished })
        }
    }
}
