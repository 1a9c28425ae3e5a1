import Core
import Imaging

/// Every transform by its language name: what the language binds constructors with, what
/// `help` lists, and how a saved `TransformSpec` is rebuilt.
public enum Catalog {
    /// One constructor.
    public struct Entry: Sendable {
        /// The language name, e.g. `gamma`.
        public let name: String
        /// The albumentations class it follows, e.g. `RandomGamma`.
        public let albumentations: String
        public let summary: String
        /// The parameters in albumentations' order, each with its default; nil marks a
        /// required one. Compositions also take their child transforms positionally.
        public let parameters: [(name: String, default: TransformSpec.Value?)]
        /// Whether the transform takes child transforms (compose, oneof, someof).
        public let takesTransforms: Bool
        let build: @Sendable (Arguments, [any Transform]) throws -> any Transform
    }

    public static func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

    /// Rebuilds the transform that `spec` describes: `Catalog.make(t.spec)` prints as `t` does.
    /// Unknown names, unknown or repeated parameters, and values of the wrong type or range are
    /// `InputError`s naming the transform and the parameter.
    public static func make(_ spec: TransformSpec) throws -> any Transform {
        guard let entry = entry(spec.name) else {
            throw InputError(spec.name, "no such transform; known: \(entries.map(\.name).joined(separator: ", "))")
        }
        guard entry.takesTransforms || spec.children.isEmpty else {
            throw InputError(spec.name, "takes parameters only, not transforms")
        }
        let arguments = try Arguments(spec, allowed: entry.parameters.map(\.name))
        return try entry.build(arguments, spec.children.map(make))
    }

    public static let entries: [Entry] = [
        leaf("HorizontalFlip", "mirror left to right", prototype: try HorizontalFlip()) { a, d in
            try HorizontalFlip(p: a.number("p", d.p)) },
        leaf("VerticalFlip", "mirror top to bottom", prototype: try VerticalFlip()) { a, d in
            try VerticalFlip(p: a.number("p", d.p)) },
        leaf("Transpose", "swap rows and columns", prototype: try Transpose()) { a, d in
            try Transpose(p: a.number("p", d.p)) },
        leaf("RandomRotate90", "turn by a random number of quarter turns", prototype: try RandomRotate90()) { a, d in
            try RandomRotate90(p: a.number("p", d.p)) },
        leaf("RandomBrightnessContrast", "out = clip(α·x + β), α = 1 + U(contrast_limit), β = U(brightness_limit)",
             prototype: try RandomBrightnessContrast()) { a, d in
            try RandomBrightnessContrast(brightnessLimit: a.range("brightness_limit", d.core.brightnessLimit),
                                         contrastLimit: a.range("contrast_limit", d.core.contrastLimit),
                                         brightnessByMax: a.flag("brightness_by_max", d.core.brightnessByMax),
                                         p: a.number("p", d.p)) },
        leaf("RandomBrightness", "out = clip(x + β), β = U(limit) (legacy)", prototype: try RandomBrightness()) { a, d in
            try RandomBrightness(limit: a.range("limit", d.core.brightnessLimit),
                                 brightnessByMax: a.flag("brightness_by_max", d.core.brightnessByMax), p: a.number("p", d.p)) },
        leaf("RandomContrast", "out = clip(α·x), α = 1 + U(limit) (legacy)", prototype: try RandomContrast()) { a, d in
            try RandomContrast(limit: a.range("limit", d.core.contrastLimit), p: a.number("p", d.p)) },
        leaf("RandomGamma", "out = x^γ, γ = U(gamma_limit)/100", prototype: try RandomGamma()) { a, d in
            try RandomGamma(gammaLimit: a.range("gamma_limit", d.gammaLimit, scalar: { _ in nil }), p: a.number("p", d.p)) },
        leaf("CLAHE", "contrast-limited adaptive histogram equalisation, clip limit U(clip_limit)",
             prototype: try RandomCLAHE()) { a, d in
            let tiles = try a.intPair("tile_grid_size", (d.tileGridSize.rows, d.tileGridSize.columns))
            return try RandomCLAHE(clipLimit: a.range("clip_limit", d.clipLimit, scalar: { 1...max(1, $0) }),
                                   tileGridSize: (tiles.0, tiles.1), method: a.choice("method", d.method),
                                   p: a.number("p", d.p)) },
        leaf("GaussNoise", "add N(mean, √U(var_limit))/255 per pixel", prototype: try GaussNoise()) { a, d in
            try GaussNoise(varLimit: a.range("var_limit", d.varLimit, scalar: { 0...$0 }),
                           mean: a.number("mean", d.mean), p: a.number("p", d.p)) },
        leaf("GaussianBlur", "Gaussian blur with an odd kernel size from blur_limit", prototype: try GaussianBlur()) { a, d in
            try GaussianBlur(blurLimit: a.intRange("blur_limit", d.blurLimit, scalar: { 3...$0 }),
                             sigmaLimit: a.range("sigma_limit", d.sigmaLimit, scalar: { 0...$0 }), p: a.number("p", d.p)) },
        leaf("MotionBlur", "blur along a random line inside a k x k kernel", prototype: try MotionBlur()) { a, d in
            try MotionBlur(blurLimit: a.intRange("blur_limit", d.blurLimit, scalar: { 3...$0 }),
                           allowShifted: a.flag("allow_shifted", d.allowShifted), p: a.number("p", d.p)) },
        leaf("RandomSizedCrop", "crop h = U{min_max_height} rows (w = h·w2h_ratio), resize to height x width",
             prototype: try RandomSizedCrop(minMaxHeight: 1...1, height: 1, width: 1),
             required: ["min_max_height", "height", "width"]) { a, d in
            try RandomSizedCrop(minMaxHeight: a.intRange("min_max_height", nil), height: a.int("height", nil),
                                width: a.int("width", nil), w2hRatio: a.number("w2h_ratio", d.w2hRatio), p: a.number("p", d.p)) },
        leaf("RandomResizedCrop", "crop a random area fraction and aspect ratio, resize to height x width",
             prototype: try RandomResizedCrop(height: 1, width: 1), required: ["height", "width"]) { a, d in
            try RandomResizedCrop(height: a.int("height", nil), width: a.int("width", nil),
                                  scale: a.range("scale", d.scale, scalar: { _ in nil }),
                                  ratio: a.range("ratio", d.ratio, scalar: { _ in nil }), p: a.number("p", d.p)) },
        leaf("ShiftScaleRotate", "random shift, scale and rotation about the centre", prototype: try ShiftScaleRotate()) { a, d in
            try ShiftScaleRotate(shiftLimit: a.range("shift_limit", d.shiftLimit), scaleLimit: a.range("scale_limit", d.scaleLimit),
                                 rotateLimit: a.range("rotate_limit", d.rotateLimit),
                                 borderMode: a.borderMode("border_mode", d.border.mode),
                                 value: Float(a.number("value", Double(d.border.value))),
                                 maskValue: a.maskValue(d.border.maskValue), p: a.number("p", d.p)) },
        leaf("ElasticTransform", "smoothed random displacement fields scaled by alpha, after a small affine",
             prototype: try ElasticTransform()) { a, d in
            try ElasticTransform(alpha: a.number("alpha", d.alpha), sigma: a.number("sigma", d.sigma),
                                 alphaAffine: a.number("alpha_affine", d.alphaAffine),
                                 borderMode: a.borderMode("border_mode", d.border.mode),
                                 value: Float(a.number("value", Double(d.border.value))),
                                 maskValue: a.maskValue(d.border.maskValue), p: a.number("p", d.p)) },
        leaf("GridDistortion", "stretch each grid cell by 1 + U(distort_limit)", prototype: try GridDistortion()) { a, d in
            try GridDistortion(numSteps: a.int("num_steps", d.numSteps), distortLimit: a.range("distort_limit", d.distortLimit),
                               borderMode: a.borderMode("border_mode", d.border.mode),
                               value: Float(a.number("value", Double(d.border.value))),
                               maskValue: a.maskValue(d.border.maskValue),
                               normalized: a.flag("normalized", d.normalized), p: a.number("p", d.p)) },
        leaf("OpticalDistortion", "barrel/pincushion lens distortion r' = r(1 + k r² + k r⁴)",
             prototype: try OpticalDistortion()) { a, d in
            try OpticalDistortion(distortLimit: a.range("distort_limit", d.distortLimit),
                                  shiftLimit: a.range("shift_limit", d.shiftLimit),
                                  borderMode: a.borderMode("border_mode", d.border.mode),
                                  value: Float(a.number("value", Double(d.border.value))),
                                  maskValue: a.maskValue(d.border.maskValue), p: a.number("p", d.p)) },
        composition(Compose.name, "Compose", "apply each transform in turn (written a | b | c)",
                    parameters: [("p", .number(1))]) { a, children in
            try Compose(children, p: a.number("p", 1)) },
        composition(OneOf.name, "OneOf", "apply one transform, chosen with weights given by their p",
                    parameters: [("p", .number(0.5))]) { a, children in
            try OneOf(children, p: a.number("p", 0.5)) },
        composition(SomeOf.name, "SomeOf", "apply n distinct transforms, chosen with weights given by their p",
                    parameters: [("n", nil), ("p", .number(1))]) { a, children in
            try SomeOf(children, n: a.int("n", nil), p: a.number("p", 1)) },
    ]

    /// An entry for a single transform. Its parameter list and defaults are read off
    /// `prototype`, a default instance, so they are written once, in the initializer.
    private static func leaf<T: Transform>(
        _ albumentations: String, _ summary: String, prototype: @autoclosure () throws -> T,
        required: [String] = [], build: @escaping @Sendable (Arguments, T) throws -> any Transform
    ) -> Entry {
        // The prototypes use constant, valid arguments, so they cannot throw.
        let defaults = try! prototype()
        let parameters = defaults.spec.arguments.map { ($0.name, required.contains($0.name) ? nil : Optional($0.value)) }
        return Entry(name: defaults.spec.name, albumentations: albumentations, summary: summary,
                     parameters: parameters, takesTransforms: false) { a, _ in try build(a, defaults) }
    }

    private static func composition(
        _ name: String, _ albumentations: String, _ summary: String,
        parameters: [(name: String, default: TransformSpec.Value?)],
        build: @escaping @Sendable (Arguments, [any Transform]) throws -> any Transform
    ) -> Entry {
        Entry(name: name, albumentations: albumentations, summary: summary, parameters: parameters,
              takesTransforms: true, build: build)
    }
}
