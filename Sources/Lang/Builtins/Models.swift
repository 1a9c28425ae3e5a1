import Segmentation

extension Registry {
    /// The model constructors: `unet`, `resunet`, `unetpp`, `hyperunet`.
    func addModels() {
        let common: [Parameter] = [
            Parameter("base", .integer, default: 16), Parameter("norm", .string, default: "batch"),
            Parameter("activation", .string, default: "relu"), Parameter("slope", .number, default: 0.01),
            Parameter("dropout", .number, default: 0), Parameter("in_channels", .integer, default: 1),
            Parameter("checkpointing", .bool, default: false), Parameter("seed", .integer, default: Value.none),
        ]
        let depth = Parameter("depth", .integer, default: 4)
        let upsampling = Parameter("upsampling", .string, default: "transpose")
        let encoder = Parameter("encoder", .string, default: "plain")
        add(model(.unet, common + [depth, upsampling, encoder],
                  help: "The classic U-Net: `depth` stages of two 3x3 conv-norm-activation layers, widths base·2^level, "
                      + "a mirrored decoder with skip connections. norm: batch, group, groupN, instance, none; "
                      + "activation: relu, leaky_relu (with slope), swish; upsampling: transpose, nearest, bilinear; "
                      + "encoder: plain, or effnet-b0 ... effnet-b4 (EfficientNet MBConv blocks, widths scaled by base/32).",
                  example: "m = unet(base=8, depth=3, norm=\"group\", seed=1)\nm"))
        add(model(.resunet, common + [Parameter("encoder", .string, default: "resnet34"),
                                      Parameter("attention", .bool, default: false)],
                  help: "U-Net with a ResNet-18/34 (or effnet-b0 ... b4) encoder (stage widths base, base, 2·base, 4·base, 8·base) and "
                      + "residual decoder blocks; `attention=true` adds scSE attention to the decoder, as smp does. "
                      + "Inputs are padded to a multiple of 32.",
                  example: "m = resunet(base=8, encoder=\"resnet18\", attention=true, seed=1)\nm"))
        add(model(.unetpp, common + [depth, upsampling, encoder, Parameter("deep_supervision", .bool, default: false)],
                  help: "Nested U-Net (U-Net++): dense skip pathways; with `deep_supervision=true` every nested "
                      + "output has a head and training averages their losses.",
                  example: "m = unetpp(base=8, depth=3, deep_supervision=true, seed=1)\nm"))
        add(model(.hyperunet, common + [depth, encoder],
                  help: "The 2019 reference's simplified U-Net++: residual blocks BN(x) + [conv-BN-LReLU, conv-BN]"
                      + "(BN(LReLU(x))), LeakyReLU 0.1, dropout, and every decoder stage fed the upsampled outputs of "
                      + "all deeper stages (hypercolumn skips).",
                  example: "m = hyperunet(base=8, depth=3, dropout=0.1, seed=1)\nm"))
    }

    private func model(_ architecture: ModelConfig.Architecture, _ parameters: [Parameter], help: String,
                       example: String) -> Builtin {
        let members = " A model's members: `call` (the call that builds it), `parameters` (how many), `history` (of its "
            + "last `fit`) and `digest` (a hash of every parameter and batch-norm statistic: equal digests mean the "
            + "same weights bit for bit, which is how a replay is checked)."
        return Builtin(architecture.rawValue, .model, parameters, help: help + members, example: example) { args in
            var c = ModelConfig(architecture)
            c.base = try args.int("base")
            c.norm = try args.string("norm")
            c.activation = try args.string("activation")
            c.slope = Float(try args.number("slope"))
            c.dropout = Float(try args.number("dropout"))
            c.inChannels = try args.int("in_channels")
            c.gradientCheckpointing = try args.bool("checkpointing")
            if let d = try? args.int("depth") { c.depth = d }
            if let u = try? args.string("upsampling") { c.upsampling = u }
            if let e = try? args.string("encoder") { c.encoder = e }
            if let a = try? args.bool("attention") { c.attention = a }
            if let s = try? args.bool("deep_supervision") { c.deepSupervision = s }
            c.seed = try args.seed()
            return .object(ModelObject(try makeModel(c)))
        }
    }
}
