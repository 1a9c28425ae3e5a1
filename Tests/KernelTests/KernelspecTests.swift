import Foundation
import Imaging
import Testing

/// `pleura kernel install`, `list` and `uninstall` on a temporary prefix.
@Suite struct KernelspecTests {
    @Test func installListUninstall() throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("pleura-spec-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: prefix, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let pleura = KernelClient.executable
        #expect(try JupyterEndToEndTests.run(pleura, ["kernel", "install", "--prefix", prefix], in: prefix, timeout: 30).status == 0)

        let folder = prefix + "/share/jupyter/kernels/pleura"
        let data = try #require(FileManager.default.contents(atPath: folder + "/kernel.json"))
        let spec = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let argv = try #require(spec["argv"] as? [String])
        #expect(argv.count == 4 && argv[0].hasPrefix("/") && FileManager.default.isExecutableFile(atPath: argv[0]))
        #expect(Array(argv.dropFirst()) == ["kernel", "-f", "{connection_file}"])
        #expect(spec["display_name"] as? String == "Pleura")
        #expect(spec["language"] as? String == "pleura")
        #expect(spec["interrupt_mode"] as? String == "message")
        for size in [32, 64] {
            let logo = try PNG.decode(Array(try #require(FileManager.default.contents(atPath: folder + "/logo-\(size)x\(size).png"))))
            #expect(logo.width == size && logo.height == size)
        }

        let list = try JupyterEndToEndTests.run(pleura, ["kernel", "list"], in: prefix, timeout: 30,
                                                environment: ["JUPYTER_PATH": prefix + "/share/jupyter"])
        #expect(list.output.contains(folder))
        #expect(try JupyterEndToEndTests.run(pleura, ["kernel", "uninstall", "--prefix", prefix], in: prefix, timeout: 30).status == 0)
        #expect(!FileManager.default.fileExists(atPath: folder))
    }
}
