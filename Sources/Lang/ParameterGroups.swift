/// Parameters that several builtins share, declared once so their names, defaults and limits
/// cannot drift apart between the builtins. (Computed, as a `Parameter`'s default value is
/// not `Sendable`.)
extension Parameter {
    /// The figure options: `png` writes the figure to a file instead of the terminal, `width`
    /// is how many columns (or, with `png`, pixels) wide it is drawn.
    static var figure: [Parameter] {
        [Parameter("png", .string, default: Value.none), Parameter("width", .integer(in: 1...), default: Value.none)]
    }

    /// Test-time augmentation when predicting: none, or the average with the mirrored image.
    static var tta: Parameter { Parameter("tta", .choice(["none", "hflip"]), default: "none") }

    /// Prediction batch size.
    static var predictionBatch: Parameter { Parameter("batch", .integer(in: 1...), default: 8) }

    /// The threshold on probabilities that makes a mask. Any number: -1 marks every pixel
    /// and 1 none, which error analysis uses.
    static var threshold: Parameter { Parameter("threshold", .number, default: 0.5) }

    /// The smallest connected component (8-connected, in pixels) a mask keeps.
    static var minArea: Parameter { Parameter("min_area", .integer(in: 0...), default: 0) }

    /// The side, in pixels, that images are resized to.
    static func size(default value: Value) -> Parameter { Parameter("size", .integer(in: 8...4096), default: value) }

    /// The post-processing options: a threshold (or the 1st-place `triplet` rules), the
    /// smallest component kept, and the size masks are resized to before thresholding.
    static var postProcessing: [Parameter] {
        [threshold, minArea, Parameter("triplet", .list, default: Value.none), size(default: Value.none), clsThreshold]
    }

    /// The class probability below which a model with an image-level head predicts an empty mask.
    static var clsThreshold: Parameter { Parameter("cls_threshold", .number(in: 0...1), default: Value.none) }
}
