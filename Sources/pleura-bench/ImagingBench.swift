import Foundation
import Synchronization
import Core
import Imaging
import Tensor

/// JPEG-baseline DICOM 1024² decode plus resize to 256, images per second, images in
/// parallel on 2 threads (and on 1 for comparison). Decodes the real SIIM file from
/// ../shared/data when it is there, else a synthetic 1024² SIIM-shaped file.
func imagingBench() throws {
    let (bytes, origin) = try benchDICOM()
    print("source: \(origin), \(bytes.count) bytes")
    let saved = Parallel.threadCount
    defer { Parallel.threadCount = saved }
    Parallel.threadCount = 1
    let file = try DICOMFile(bytes: bytes, source: origin)
    let image = try file.image()
    let stages: [(String, () throws -> Void)] = [
        ("parse", { _ = try DICOMFile(bytes: bytes, source: origin) }),
        ("parse + JPEG decode (stored samples)", { _ = try DICOMFile(bytes: bytes, source: origin).storedPixels() }),
        ("parse + decode + scale to [0, 1]", { _ = try DICOMFile(bytes: bytes, source: origin).image() }),
        ("resize 1024² -> 256² alone", { _ = try Resize.image(image, width: 256, height: 256) }),
        ("parse + decode + resize to 256² (one call)", { _ = try DICOMFile(bytes: bytes, source: origin).image(width: 256, height: 256) }),
    ]
    for (name, stage) in stages {
        let repeats = 60
        let start = ContinuousClock.now
        for _ in 0..<repeats { try stage() }
        print(String(format: "  %@: %.2f ms (1 thread)", name, (ContinuousClock.now - start) / .milliseconds(1) / Double(repeats)))
    }
    for threads in [1, 2] {
        Parallel.threadCount = threads
        let count = 240
        var sums = [Double](repeating: 0, count: count)
        let start = ContinuousClock.now
        try sums.withUnsafeMutableBufferPointer { sums in
            let failure = Mutex<Error?>(nil)
            Parallel.forEach(count) { i in
                do {
                    let small = try DICOMFile(bytes: bytes, source: origin).image(width: 256, height: 256)
                    sums[i] = small.pixels.reduce(0.0) { $0 + Double($1) }
                } catch {
                    failure.withLock { $0 = error }
                }
            }
            if let error = failure.withLock({ $0 }) { throw error }
        }
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        let rate = Double(count) / seconds
        print(String(format: "decode 1024² JPEG DICOM + resize to 256: %.0f images/s on %d thread%@ (%.2f ms/image, mean %.4f)",
                     rate, threads, threads == 1 ? "" : "s", 1000 / rate, sums[0] / 65536))
    }
}

private func benchDICOM() throws -> ([UInt8], String) {
    let folder = "../shared/data/siim/dicom-images-train"
    if let found = FileManager.default.enumerator(atPath: folder)?.first(where: { ($0 as? String)?.hasSuffix(".dcm") == true }) as? String {
        let path = folder + "/" + found
        return (try FileIO.read(path: path), path)
    }
    var pixels = [UInt8](repeating: 0, count: 1024 * 1024)
    for y in 0..<1024 {
        for x in 0..<1024 { pixels[y * 1024 + x] = UInt8(truncatingIfNeeded: (x * 37 + y * 91 + (x * y) >> 6) >> 2) }
    }
    let metadata = DICOMMetadata(sopInstanceUID: "2.25.1", modality: "CR", patientSex: "M", patientAge: DICOMAge("62"), viewPosition: "PA")
    return (try DICOMWriter.jpegBaseline(pixels: pixels, width: 1024, height: 1024, metadata: metadata, quality: 95), "synthetic 1024² JPEG DICOM")
}
