import Core
import Foundation
import TensorIO
import Testing

/// Weights files survive a writer killed at any moment: `save_weights` (like every weights
/// and checkpoint write) goes to a temporary file that is renamed into place, so the file
/// under the real name is always a complete earlier or later version, never a partial one.
@Suite struct CheckpointCrashTests {
    static let models = "a = unet(base=8, depth=3, seed=1)\nb = unet(base=8, depth=3, seed=2)\n"

    @Test func aWriterKilledAtRandomMomentsLeavesAWholeFile() throws {
        let dir = try Binary.sandbox("crash")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let setup = try Binary.run([], input: Self.models + "save_weights a \"a.safetensors\"\nsave_weights b \"b.safetensors\"\n"
                                   + "save_weights a \"w.safetensors\"\nprint a.digest\nprint b.digest\n", in: dir)
        try #require(setup.status == 0, "\(setup.stderr)")
        let digests = setup.stdout.split(separator: "\n").map(String.init)
        let versions = [try SafeTensors.read(path: dir + "/a.safetensors"), try SafeTensors.read(path: dir + "/b.safetensors")]
        let writer = Self.models + "for i in 0..100000 { save_weights a \"w.safetensors\"; save_weights b \"w.safetensors\" }\n"
        try Data(writer.utf8).write(to: URL(fileURLWithPath: dir + "/writer.pleura"))

        var random = SeededGenerator(seed: 2026)
        var killedMidWrite = 0
        for round in 0..<20 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Binary.path)
            process.currentDirectoryURL = URL(fileURLWithPath: dir)
            process.environment = Binary.environment(dir)
            process.standardInput = FileHandle(forReadingAtPath: dir + "/writer.pleura")
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(random.uniform(0.05, 0.6) * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "round \(round): the writer finished before the kill")

            let file = try SafeTensors.read(path: dir + "/w.safetensors")
            let matches = versions.filter { Self.sameTensors($0, file) }.count
            #expect(matches == 1, "round \(round): the weights file is neither complete version")
            // A temporary file left behind means the kill came between its creation and the rename.
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("w.safetensors.tmp-") }
            killedMidWrite += leftovers.count
            for name in leftovers { try FileManager.default.removeItem(atPath: dir + "/" + name) }
        }
        #expect(killedMidWrite >= 5, "only \(killedMidWrite) of 20 kills came during a write")

        // The surviving file loads into a model through the language, with one of the two digests.
        let check = try Binary.run([], input: "m = unet(base=8, depth=3, seed=3)\nload_weights m \"w.safetensors\"\nprint m.digest\n",
                                   in: dir)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(digests.contains(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// The same tensors (names, shapes and values, bit for bit) in the same order.
    static func sameTensors(_ a: SafeTensors.Contents, _ b: SafeTensors.Contents) -> Bool {
        a.tensors.count == b.tensors.count && zip(a.tensors, b.tensors).allSatisfy { x, y in
            x.name == y.name && x.tensor.shape == y.tensor.shape
                && x.tensor.data.map(\.bitPattern) == y.tensor.data.map(\.bitPattern)
        }
    }
}
