import Segmentation

extension Registry {
    /// The model constructors: `unet`, `resunet`, `unetpp`, `hyperunet`.
    func addModels() {
        add(model(.unet, ["depth", "upsampling", "encoder"],
                  help: "The classic U-Net: `depth` stages of two 3x3 conv-norm-activation layers, widths base·2^level, "
                      + "a mirrored decoder with skip connections. norm: batch, group, groupN, instance, none; "
                      + "activation: relu, leaky_relu (with slope), swish; upsampling: transpose, nearest, bilinear; "
                      + "encoder: plain, or effnet-b0 ... effnet-b4 (EfficientNet MBConv blocks, widths scaled by base/32).",
                  example: "m = unet(base=8, depth=3, norm=\"group\", seed=1)\nm"))
        add(model(.resunet, ["encoder", "attention"],
                  help: "U-Net with a ResNet-18/34 (or effnet-b0 ... b4) encoder (stage widths base, base, 2·base, 4·base, 8·base) and "
                      + "residual decoder blocks; `attention=true` adds scSE attention to the decoder, as smp does. "
                      + "Inputs are padded to a multiple of 32.",
                  example: "m = resunet(base=8, encoder=\"resnet18\", attention=true, seed=1)\nm"))
        add(model(.unetpp, ["depth", "upsampling", "encoder", "deep_supervision"],
                  help: "Nested U-Net (U-Net++): dense skip pathways; with `deep_supervision=true` every nested "
                      + "output has a head and training averages their losses.",
                  example: "m = unetpp(base=8, depth=3, deep_supervision=true, seed=1)\nm"))
        add(model(.hyperunet, ["depth", "encoder"],
                  help: "The 2019 reference's simplified U-Net++: residual blocks BN(x) + [conv-BN-LReLU, conv-BN]"
                      + "(BN(LReLU(x))), LeakyReLU 0.1, dropout, and every decoder stage fed the upsampled outputs of "
                      + "all deeper stages (hypercolumn skips).",
                  example: "m = hyperunet(base=8, depth=3, dropout=0.1, seed=1)\nm"))
    }

    /// The parameters of an architecture's constructor: those every model takes, then the
    /// named ones of its own. Defaults are read off the engine's default `ModelConfig`, so
    /// they are written once, there; limits and choices are the ones `validate` enforces.
    static func modelParameters(_ architecture: ModelConfig.Architecture, own: [String]) -> [Parameter] {
        let d = ModelConfig(architecture)
        let common = [
            Parameter("base", .integer(in: 1...256), default: .number(Double(d.base))),
            Parameter("norm", .string, default: .string(d.norm)),
            Parameter("activation", .choice(ModelConfig.activations), default: .string(d.activation)),
            Parameter("slope", .number, default: Self.decimal(d.slope)),
            Parameter("dropout", .number(in: 0...1, open: .upper), default: Self.decimal(d.dropout)),
            Parameter("in_channels", .integer(in: 1...4), default: .number(Double(d.inChannels))),
            Parameter("checkpointing", .bool, default: .bool(d.gradientCheckpointing)),
        ] + classifierParameters + [
            Parameter("seed", .integer, default: Value.none),
        ]
        let specific = [
            Parameter("depth", .integer(in: 1...6), default: .number(Double(d.depth))),
            Parameter("upsampling", .choice(ModelConfig.upsamplings), default: .string(d.upsampling)),
            Parameter("encoder", .choice(architecture.encoders), default: .string(d.encoder)),
            Parameter("attention", .bool, default: .bool(d.attention)),
            Parameter("deep_supervision", .bool, default: .bool(d.deepSupervision)),
        ]
        return common + own.compactMap { name in specific.first { $0.name == name } }
    }

    /// The image-level head's options, which every architecture takes.
    static var classifierParameters: [Parameter] { [
        Parameter("cls_head", .bool, default: false),
        Parameter("cls_dropout", .number(in: 0...1, open: .upper), default: decimal(ModelConfig.defaultClassifierDropout)),
    ] }

    /// A Float setting as the number a user would write: its shortest decimal, so the
    /// default slope reads 0.01 rather than 0.009999999776482582.
    private static func decimal(_ x: Float) -> Value { .number(Double("\(x)") ?? Double(x)) }

    private func model(_ architecture: ModelConfig.Architecture, _ own: [String], help: String,
                       example: String) -> Builtin {
        let members = " `cls_head=true` adds an image-level head (global pooling of the deepest encoder "
            + "features, dropout `cls_dropout`, one logit for \"this image has a pneumothorax\"), trained with "
            + "the masks (`fit ... cls_weight=`); images it calls empty get empty masks (`cls_threshold`)."
            + " A model's members: `call` (the call that builds it), `parameters` (how many), `history` (of its "
            + "last `fit`) and `digest` (a hash of every parameter and batch-norm statistic: equal digests mean the "
            + "same weights bit for bit, which is how a replay is checked)."
        let parameters = Self.modelParameters(architecture, own: own)
        return Builtin(architecture.rawValue, .model, parameters, help: help + members, example: example) { args in
            var c = ModelConfig(architecture)
            c.base = try args.int("base")
            c.norm = try args.string("norm")
            c.activation = try args.string("activation")
            c.slope = Float(try args.number("slope"))
            c.dropout = Float(try args.number("dropout"))
            c.inChannels = try args.int("in_channels")
            c.gradientCheckpointing = try args.bool("checkpointing")
            c.classifierDropout = try args.bool("cls_head") ? Float(try args.number("cls_dropout")) : nil
            if own.contains("depth") { c.depth = try args.int("depth") }
            if own.contains("upsampling") { c.upsampling = try args.string("upsampling") }
            if own.contains("encoder") { c.encoder = try args.string("encoder") }
            if own.contains("attention") { c.attention = try args.bool("attention") }
            if own.contains("deep_supervision") { c.deepSupervision = try args.bool("deep_supervision") }
            c.seed = try args.seed()
            return .object(ModelObject(try makeModel(c)))
        }
    }
}
