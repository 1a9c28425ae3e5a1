import Augment
import Core
import Imaging
import Testing

/// Transforms print as the language writes them, and the catalog rebuilds them from that value.
@Suite struct SpecTests {
    @Test func pipelinePrintsAsLanguageSyntax() throws {
        let t = try Compose([HorizontalFlip(p: 0.5), OneOf([RandomGamma(gammaLimit: 80...120), RandomContrast(limit: -0.2...0.2)], p: 0.3)])
        #expect(t.description
                == "hflip(p=0.5) | oneof(gamma(gamma_limit=[80, 120], p=0.5), contrast(limit=0.2, p=0.5), p=0.3)")
    }

    @Test func nestedAndUnlikelySequencesKeepTheirShape() throws {
        let inner = try Compose([VerticalFlip(), Transpose()])
        #expect(try OneOf([inner, HorizontalFlip()], p: 1).description
                == "oneof((vflip(p=0.5) | transpose(p=0.5)), hflip(p=0.5), p=1)")
        #expect(try Compose([VerticalFlip()], p: 0.25).description == "compose(vflip(p=0.5), p=0.25)")
        #expect(try ShiftScaleRotate(shiftLimit: 0...0.1, borderMode: .constant).description
                == "shift_scale_rotate(shift_limit=[0, 0.1], scale_limit=0.1, rotate_limit=45, "
                + "border_mode=\"constant\", value=0, mask_value=0, p=0.5)")
        // a Float fill prints as written, not as its Double expansion 0.8999999761581421
        let filled = try ElasticTransform(borderMode: .constant, value: 0.9)
        #expect(filled.description.contains("value=0.9,"))
        #expect(try Catalog.make(filled.spec).spec == filled.spec)
    }

    @Test func everyEntryRoundTripsThroughItsSpec() throws {
        for entry in Catalog.entries where !entry.takesTransforms {
            // required parameters get values; everything else is the default
            var arguments: [TransformSpec.Argument] = []
            for parameter in entry.parameters where parameter.default == nil {
                arguments.append(.init(parameter.name, parameter.name == "min_max_height" ? .range(10, 20) : .number(32)))
            }
            let built = try Catalog.make(TransformSpec(entry.name, arguments))
            #expect(built.spec.name == entry.name)
            #expect(built.spec.arguments.map(\.name) == entry.parameters.map(\.name))
            #expect(try Catalog.make(built.spec).spec == built.spec)
        }
    }

    @Test func presetRoundTripsAndReplaysTheSameNumbers() throws {
        let preset = try Presets.siim2019()
        let rebuilt = try Catalog.make(preset.spec)
        #expect(rebuilt.description == preset.description)
        let pair = Fixture.noise(width: 256, height: 256)
        for seed in UInt64(0)..<6 { #expect(rebuilt.apply(to: pair, seed: seed) == preset.apply(to: pair, seed: seed)) }
        #expect(preset.description.hasPrefix("hflip(p=0.5) | oneof(contrast(limit=0.2, p=0.5), gamma(gamma_limit=[80, 120], p=0.5), "
                                             + "brightness(limit=0.2, brightness_by_max=false, p=0.5), p=0.3) | oneof(elastic(alpha=120, sigma=6, alpha_affine=3.6"))
        #expect(preset.description.hasSuffix("sized_crop(min_max_height=[156, 256], height=256, width=256, w2h_ratio=1, p=0.25)"))
    }

    @Test func catalogReadsAlbumentationsShorthands() throws {
        // a single number for a limit is ±x; OpenCV's border constant 0 is "constant"
        let t = try Catalog.make(TransformSpec("shift_scale_rotate", [.init("rotate_limit", .number(10)),
                                                                       .init("border_mode", .number(0))]))
        #expect(t.spec["rotate_limit"] == .number(10))
        #expect(t.spec["border_mode"] == .text("constant"))
        let blur = try Catalog.make(TransformSpec("gaussian_blur", [.init("blur_limit", .number(9))]))
        #expect(blur.spec["blur_limit"] == .range(3, 9))
        let children = try Catalog.make(TransformSpec("oneof", [.init("p", .number(0.3))],
                                                      children: [TransformSpec("hflip", []), TransformSpec("vflip", [])]))
        #expect(children.description == "oneof(hflip(p=0.5), vflip(p=0.5), p=0.3)")
        let skimage = try Catalog.make(TransformSpec("clahe", [.init("method", .text("skimage"))]))
        #expect((skimage as? RandomCLAHE)?.method == .skimage)
        #expect(try Catalog.make(TransformSpec("clahe", [])).spec["method"] == .text("opencv"))
    }

    @Test func badArgumentsNameTheTransformAndParameter() {
        func error(_ spec: TransformSpec) -> InputError? {
            do { _ = try Catalog.make(spec); return nil } catch { return error as? InputError }
        }
        #expect(error(TransformSpec("hflp", []))?.reason.contains("no such transform") == true)
        let unknown = error(TransformSpec("gamma", [.init("gama_limit", .range(80, 120))]))
        #expect(unknown?.source == "gamma" && unknown?.place == "gama_limit")
        let reversed = error(TransformSpec("gamma", [.init("gamma_limit", .range(120, 80))]))
        #expect(reversed?.place == "gamma_limit" && reversed?.reason.contains("lo ≤ hi") == true)
        #expect(error(TransformSpec("gamma", [.init("gamma_limit", .number(80))]))?.place == "gamma_limit")
        #expect(error(TransformSpec("hflip", [.init("p", .number(1.5))]))?.place == "p")
        #expect(error(TransformSpec("hflip", [.init("p", .text("half"))]))?.place == "p")
        #expect(error(TransformSpec("sized_crop", [.init("height", .number(256))]))?.place == "min_max_height")
        #expect(error(TransformSpec("elastic", [.init("border_mode", .text("wrap"))]))?.place == "border_mode")
        let method = error(TransformSpec("clahe", [.init("method", .text("matlab"))]))
        #expect(method?.place == "method" && method?.reason.contains("opencv, skimage") == true)
        #expect(error(TransformSpec("clahe", [.init("method", .number(1))]))?.place == "method")
        #expect(error(TransformSpec("elastic", [.init("sigma", .number(1e9))]))?.place == "sigma")
        #expect(error(TransformSpec("someof", [.init("n", .number(3))], children: [TransformSpec("hflip", [])]))?.place == "n")
        #expect(error(TransformSpec("hflip", [.init("p", .number(1)), .init("p", .number(0.5))]))?.reason == "given twice")
        #expect(error(TransformSpec("hflip", [], children: [TransformSpec("vflip", [])])) != nil)
    }

    @Test func pairsRefuseMismatchedSizes() {
        #expect(throws: InputError.self) {
            try Pair(image: Image(width: 4, height: 4), mask: Mask(width: 4, height: 3), source: "case 7")
        }
    }
}
