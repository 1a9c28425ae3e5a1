import Foundation
import Core
import TestSupport
import Testing
import Data

/// Every file below `folder`, relative path to bytes.
private func contents(of folder: String) throws -> [String: [UInt8]] {
    var files: [String: [UInt8]] = [:]
    let walker = FileManager.default.enumerator(atPath: folder)
    while let relative = walker?.nextObject() as? String {
        var isDirectory: ObjCBool = false
        let path = folder + "/" + relative
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files[relative] = try FileIO.read(path: path)
        }
    }
    return files
}

@Test func radiographsArePositiveAboutOneTimeInFive() {
    let positives = (0..<300).filter { !Synth.radiograph(index: $0, seed: 1, size: 64).regions.isEmpty }.count
    // Binomial(300, 0.22): mean 66, standard deviation 7.2; allow three of them.
    #expect((44...88).contains(positives))
}

@Test func pneumothoraxLiesInsideTheLungs() {
    var positives = 0
    for i in 0..<120 {
        let picture = Synth.radiograph(index: i, seed: 2, size: 96)
        for region in picture.regions {
            #expect(region.area > 0)
            #expect(region.pixels.indices.allSatisfy { region.pixels[$0] == 0 || picture.lungs.pixels[$0] != 0 })
        }
        positives += picture.regions.isEmpty ? 0 : 1
    }
    #expect(positives > 10)
}

/// No single intensity cut finds the pneumothorax: the best global threshold, pooled over
/// 60 positive images, still has a Dice below 0.5 (the air outside the body and the
/// per-image exposure see to that).
@Test func noSingleThresholdSegmentsThePneumothorax() {
    var below = [Int](repeating: 0, count: 257), belowInside = [Int](repeating: 0, count: 257)
    var maskArea = 0, found = 0, index = 0
    while found < 60 {
        let picture = Synth.radiograph(index: index, seed: 3, size: 64, positiveRate: 1)
        index += 1
        guard !picture.regions.isEmpty else { continue }
        found += 1
        let mask = picture.mask
        for (k, v) in picture.pixels.enumerated() {
            below[Int(v) + 1] += 1
            if mask.pixels[k] != 0 { belowInside[Int(v) + 1] += 1; maskArea += 1 }
        }
    }
    // Cumulative counts: pixels with value < t, and those inside the mask.
    for t in 1...256 { below[t] += below[t - 1]; belowInside[t] += belowInside[t - 1] }
    let bestDice = (1...256).map { t in 2 * Double(belowInside[t]) / Double(below[t] + maskArea) }.max() ?? 1
    #expect(bestDice < 0.5)
}

extension InterruptibleWork {
    @Suite struct Synthesis {
        @Test func sameSeedGivesTheSameBytes() throws {
            let dir = try TemporaryDirectory("data")
            defer { dir.remove() }
            let a = try Synth.generate(to: dir.path + "/a", count: 12, size: 64, seed: 9)
            let b = try Synth.generate(to: dir.path + "/b", count: 12, size: 64, seed: 9)
            let c = try Synth.generate(to: dir.path + "/c", count: 12, size: 64, seed: 10)
            let first = try contents(of: a.folder)
            #expect(first.count == 13)
            #expect(first == (try contents(of: b.folder)))
            #expect(first != (try contents(of: c.folder)))
            #expect(a.ids == b.ids)
        }

        @Test func siimFilesLoadBackWithTheirMasks() throws {
            let dir = try TemporaryDirectory("data")
            defer { dir.remove() }
            let seed: UInt64 = 4
            let summary = try Synth.generate(to: dir.path, count: 16, size: 64, seed: seed, layout: .siim)
            let labels = try Labels(contentsOf: dir.path + "/train-rle.csv", width: 64, height: 64)
            #expect(labels.rowCount == summary.ids.count - summary.positives + summary.regions)

            let ds = try Dataset.load(dir.path, preprocessing: Preprocessing(size: 64), cacheDirectory: nil)
            #expect(ds.layout == .siim)
            #expect(ds.ids == summary.ids.sorted())
            #expect(ds.positive.filter { $0 }.count == summary.positives)
            #expect(ds.report.unreadable.isEmpty && ds.report.labelsWithoutImage.isEmpty)
            for (index, id) in summary.ids.enumerated() {
                let picture = Synth.radiograph(index: index, seed: seed, size: 64)
                let i = try #require(ds.ids.firstIndex(of: id))
                #expect(ds.mask(i) == picture.mask)
                #expect(ds.metadata[i] == picture.metadata)
                // JPEG at quality 95 stays within a few levels of the rendered pixels.
                let error = zip(try ds.pixels(of: i), picture.pixels).map { abs(Int($0) - Int($1)) }.reduce(0, +)
                #expect(Double(error) / Double(64 * 64) < 3)
            }
        }

        @Test func pngLayoutLoadsBackExactly() throws {
            let dir = try TemporaryDirectory("data")
            defer { dir.remove() }
            let summary = try Synth.generate(to: dir.path, count: 8, size: 64, seed: 5, layout: .png)
            let ds = try Dataset.load(dir.path, preprocessing: Preprocessing(size: 64), cacheDirectory: nil)
            #expect(ds.layout == .png)
            for (index, id) in summary.ids.enumerated() {
                let picture = Synth.radiograph(index: index, seed: 5, size: 64)
                let i = try #require(ds.ids.firstIndex(of: id))
                #expect(try ds.pixels(of: i) == picture.pixels)
                #expect(ds.mask(i) == picture.mask)
            }
        }

        @Test func rejectsImpossibleRequests() throws {
            let dir = try TemporaryDirectory("data")
            defer { dir.remove() }
            #expect(throws: InputError.self) { try Synth.generate(to: dir.path, count: 0, seed: 1) }
            #expect(throws: InputError.self) { try Synth.generate(to: dir.path, count: 1, size: 8, seed: 1) }
        }
    }
}
