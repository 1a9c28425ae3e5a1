import Foundation
import Testing

/// `smp_unet` and `load_weights … part="encoder"` in the language.
@Suite struct SMPBindingTests {
    private static func workspace() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pleura-smp-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func theModelPrintsItsCallWithTheNormalisation() {
        let h = Harness()
        let shown = h.run("m = smp_unet(encoder=\"resnet18\", decoder_channels=[16, 16, 16, 8, 8], seed=1)\nm")
        #expect(shown.contains("smp_unet(encoder=\"resnet18\", decoder_channels=[16, 16, 16, 8, 8], normalize=\"imagenet\", seed=1)"))
    }

    /// A whole smp_unet's save loaded as an encoder: ResNet-18's 20 convolutions and 20 batch
    /// norms (weight, bias, running mean, running variance, batch count) are 120 tensors; the
    /// decoder and head of the file are reported as unexpected.
    @Test func encoderWeightsLoadAndReport() {
        let dir = Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = Harness(directory: dir)
        h.run("m = smp_unet(encoder=\"resnet18\", decoder_channels=[16, 16, 16, 8, 8], seed=1)\nsave_weights m \"m.safetensors\"")
        let report = h.run("n = smp_unet(encoder=\"resnet18\", decoder_channels=[32, 16, 16, 8, 8], seed=2)\n"
                           + "load_weights n \"m.safetensors\" part=\"encoder\"")
        #expect(report.contains("120 of 120 tensors matched"), "\(report)")
        #expect(report.contains("missing (kept as they were): none"), "\(report)")
        #expect(report.contains("unexpected (ignored): decoder.blocks.0.conv1.0.weight"), "\(report)")
        // A whole-model load of a file with other decoder widths lists the mismatches instead.
        #expect(h.fail("load_weights n \"m.safetensors\"").contains("decoder.blocks.0.conv1.0.weight"))
    }

    @Test func badSettingsAreErrorsWithTheirReason() {
        let h = Harness()
        #expect(h.fail("smp_unet(decoder_channels=[16, 16])").contains("5 widths"))
        #expect(h.fail("smp_unet(decoder_channels=[64, 32, 16, 8, 8], attention=\"scse\")").contains("at least 16"))
        #expect(h.fail("smp_unet(decoder_channels=[64, 32.5, 16, 8, 8])").contains("whole widths"))
        #expect(h.fail("smp_unet(encoder=\"resnet50\")").contains("resnet34"))
        #expect(h.fail("smp_unet(normalize=\"zscore\")").contains("imagenet"))
    }
}
