import Foundation
import Core
import Segmentation
import Tensor
import Testing
import TensorIO

/// The safetensors reader and writer against the published format
/// (github.com/huggingface/safetensors, "Format"): files assembled byte by byte here, round
/// trips, and damaged files, each of which must throw an `InputError` naming the file.
@Suite struct SafeTensorsTests {
    /// A file from its header text and data bytes: the 8-byte little-endian length, the JSON, the data.
    private func file(_ header: String, _ data: [UInt8]) -> [UInt8] {
        let json = Array(header.utf8)
        return (0..<8).map { UInt8(truncatingIfNeeded: UInt64(json.count) >> (8 * $0)) } + json + data
    }

    private func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "pleura-safetensors-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Every dtype the reader converts, with values whose bit patterns are worked out by hand:
    /// F32 1.5 = 0x3FC00000, −2 = 0xC0000000; F16 1 = 0x3C00, −0.5 = 0xB800, 2⁻²⁴ = 0x0001
    /// (the smallest subnormal), +inf = 0x7C00; BF16 3.140625 = 0x4049; F64 0.25 =
    /// 0x3FD0000000000000; I64 −3; U8 200; BOOL true.
    @Test func readsAFileAssembledByHand() throws {
        let header = #"{"__metadata__":{"format":"pt","note":"é\n"},"#
            + #""a.weight":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
            + #""half":{"dtype":"F16","shape":[2,2],"data_offsets":[8,16]},"#
            + #""brain":{"dtype":"BF16","shape":[],"data_offsets":[16,18]},"#
            + #""wide":{"dtype":"F64","shape":[1],"data_offsets":[18,26]},"#
            + #""n":{"dtype":"I64","shape":[],"data_offsets":[26,34]},"#
            + #""u":{"dtype":"U8","shape":[1],"data_offsets":[34,35]},"#
            + #""flag":{"dtype":"BOOL","shape":[1],"data_offsets":[35,36]},"#
            + #""empty":{"dtype":"F32","shape":[0,3],"data_offsets":[36,36]}}   "#
        let data: [UInt8] = [0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0xC0,
                             0x00, 0x3C, 0x00, 0xB8, 0x01, 0x00, 0x00, 0x7C,
                             0x49, 0x40,
                             0, 0, 0, 0, 0, 0, 0xD0, 0x3F,
                             0xFD, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                             200, 1]
        let path = try temporaryFolder() + "/hand.safetensors"
        try Data(file(header, data)).write(to: URL(fileURLWithPath: path))
        let contents = try SafeTensors.read(path: path)
        #expect(contents.metadata == ["format": "pt", "note": "é\n"])
        #expect(contents.tensors.map(\.name) == ["a.weight", "half", "brain", "wide", "n", "u", "flag", "empty"])
        let t = Dictionary(uniqueKeysWithValues: contents.tensors.map { ($0.name, $0.tensor) })
        #expect(t["a.weight"]?.data == [1.5, -2])
        #expect(t["half"]?.shape == [2, 2])
        #expect(t["half"]?.data == [1, -0.5, 0x1p-24, .infinity])
        #expect(t["brain"]?.shape == [] && t["brain"]?.data == [3.140625])
        #expect(t["wide"]?.data == [0.25])
        #expect(t["n"]?.data == [-3])
        #expect(t["u"]?.data == [200])
        #expect(t["flag"]?.data == [1])
        #expect(t["empty"]?.shape == [0, 3] && t["empty"]?.data == [])
    }

    /// The writer's bytes for one tensor, spelled out: header length 56 (the 54-byte JSON padded
    /// with 2 spaces to a multiple of 8), the JSON, then 0.5 as F32 little-endian (0x3F000000).
    @Test func writesThePublishedLayout() throws {
        let bytes = try SafeTensors.encode([("x", Tensor(shape: [1], data: [0.5]))])
        let json = #"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        #expect(json.utf8.count == 54)
        #expect(bytes == [56, 0, 0, 0, 0, 0, 0, 0] + Array(json.utf8) + [0x20, 0x20] + [0, 0, 0, 0x3F])
    }

    @Test func roundTripsThroughAFileAtomically() throws {
        var rng = SeededGenerator(seed: 5)
        let tensors: [(name: String, tensor: Tensor)] = [
            ("encoder.0.conv.weight", Tensor(shape: [4, 1, 3, 3], data: (0..<36).map { _ in Float(rng.normal()) })),
            ("encoder.0.bn.running_var", Tensor(shape: [4], data: [1, 2, 3, 4])),
            ("weird \"name\"\t\u{1}ü", Tensor(7)),
            ("nothing", Tensor(zeros: [0])),
        ]
        let metadata = ["config": #"{"model": "unet", "base": 16}"#, "epoch": "3"]
        let folder = try temporaryFolder()
        let path = folder + "/w.safetensors"
        try SafeTensors.write(tensors, metadata: metadata, to: path)
        try SafeTensors.write(tensors, metadata: metadata, to: path) // replaces in place
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["w.safetensors"])
        let back = try SafeTensors.read(path: path)
        #expect(back.metadata == metadata)
        #expect(back.tensors.map(\.name) == tensors.map(\.name))
        for (a, b) in zip(back.tensors, tensors) {
            #expect(a.tensor.shape == b.tensor.shape && a.tensor.data == b.tensor.data)
        }
        #expect(throws: InputError.self) { try SafeTensors.write(tensors, to: folder + "/missing/w.safetensors") }
        #expect(throws: ShapeError.self) { try SafeTensors.encode([("a", Tensor(1)), ("a", Tensor(2))]) }
    }

    /// One valid header with two F32 tensors; the damaged variants below each change one thing.
    private let goodHeader = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
    private let goodData = [UInt8](repeating: 0, count: 12)

    private func reason(_ bytes: [UInt8]) -> String {
        do {
            _ = try SafeTensors.decode(bytes, source: "bad.safetensors")
            return "accepted"
        } catch let error as InputError {
            #expect(error.source == "bad.safetensors")
            return error.description
        } catch {
            return "wrong error type: \(error)"
        }
    }

    @Test func rejectsDamagedFilesWithTheReason() {
        #expect(reason(file(goodHeader, goodData)) == "accepted")
        let cases: [(bytes: [UInt8], says: String)] = [
            ([1, 2, 3], "too short"),
            ([255, 255, 255, 255, 255, 255, 255, 127] + Array(goodHeader.utf8), "runs past the end"),
            (file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},}"#, goodData), "bad JSON"),
            (file(#"{"a":{"dtype":"F32""#, goodData), "bad JSON"),
            (file(#"[1, 2]"#, goodData), "starting with `{`"),
            (file(goodHeader.replacingOccurrences(of: "[8,12]", with: "[8,16]").replacingOccurrences(of: "[1]", with: "[2]"), goodData),
             "run past the end of the data"),
            (file(goodHeader.replacingOccurrences(of: "[8,12]", with: "[4,8]"), goodData), "overlap tensor `a`"),
            (file(goodHeader.replacingOccurrences(of: "[8,12]", with: "[0,4]"), goodData), "overlap tensor `b`"),
            (file(goodHeader.replacingOccurrences(of: "[8,12]", with: "[12,16]"), goodData + [0, 0, 0, 0]), "a gap of 4 bytes"),
            (file(goodHeader, goodData + [0]), "1 bytes after the last tensor"),
            (file(goodHeader.replacingOccurrences(of: "\"shape\":[2]", with: "\"shape\":[3]"), goodData), "needs 12 bytes"),
            (file(goodHeader.replacingOccurrences(of: "\"shape\":[2]", with: "\"shape\":[4611686018427387904,4]"), goodData), "too many"),
            (file(goodHeader.replacingOccurrences(of: "\"shape\":[2]", with: "\"shape\":[-2]"), goodData), "whole numbers"),
            (file(goodHeader.replacingOccurrences(of: "\"shape\":[2]", with: "\"shape\":[2.0]"), goodData), "whole numbers"),
            (file(goodHeader.replacingOccurrences(of: "\"F32\",\"shape\":[1]", with: "\"F8_E4M3\",\"shape\":[4]"), goodData),
             "unsupported dtype F8_E4M3"),
            (file(goodHeader.replacingOccurrences(of: "[8,12]", with: "[12,8]"), goodData), "begin ≤ end"),
            (file(goodHeader.replacingOccurrences(of: ",\"data_offsets\":[8,12]", with: ""), goodData), "no `data_offsets`"),
            (file(goodHeader.replacingOccurrences(of: "\"b\"", with: "\"a\""), goodData), "appears twice"),
            (file(#"{"__metadata__":{"epoch":3},"# + goodHeader.dropFirst(), goodData), "must be a string"),
            (file(#"{"a":"# + String(repeating: "[", count: 5000) + "}", goodData), "nested deeper"),
            (file("{\"\u{7}\":1}", goodData), "control character"),
        ]
        for (bytes, says) in cases {
            let text = reason(bytes)
            #expect(text.contains(says), "expected “\(says)”, got “\(text)”")
        }
        // Invalid UTF-8 inside a name.
        var invalid = file(goodHeader, goodData)
        invalid[10] = 0xFF
        #expect(reason(invalid).contains("not valid UTF-8"))
    }

    /// Every truncation of a valid file and every single-byte change in its header either
    /// reads or throws the reader's error: nothing crashes and nothing hangs.
    @Test func survivesEveryTruncationAndByteFlip() throws {
        let good = try SafeTensors.encode([("a", Tensor(shape: [2, 2], data: [1, 2, 3, 4])), ("b", Tensor(5))],
                                          metadata: ["k": "v"])
        for length in 0..<good.count {
            #expect(reason(Array(good.prefix(length))) != "accepted")
        }
        var rng = SeededGenerator(seed: 11)
        for position in 0..<(good.count - 20) {
            var damaged = good
            damaged[position] ^= UInt8(truncatingIfNeeded: 1 + rng.int(below: 255))
            #expect(!reason(damaged).hasPrefix("wrong error type"))
        }
    }
}
