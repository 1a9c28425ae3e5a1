import Segmentation

extension Registry {
    /// `smp_unet`: segmentation_models_pytorch's `Unet`, name for name, so weights cross both ways.
    func addSMPModels() {
        let d = ModelConfig(.smpunet)
        let parameters = [
            Parameter("encoder", .choice(SMPUNet.encoders), default: .string(d.encoder)),
            Parameter("decoder_channels", .list, default: .list(d.decoderChannels.map { .number(Double($0)) })),
            Parameter("attention", .choice(["none", "scse"]), default: .string(d.attention ? "scse" : "none")),
            Parameter("normalize", .choice(InputNormalization.self), default: .string(d.normalize)),
            Parameter("in_channels", .integer(in: 1...4), default: .number(Double(d.inChannels))),
            Parameter("checkpointing", .bool, default: .bool(d.gradientCheckpointing)),
        ] + Self.classifierParameters + [
            Parameter("seed", .integer, default: Value.none),
        ]
        let help = "segmentation_models_pytorch's Unet(encoder_name=…, in_channels=…, classes=1, decoder_channels=…, "
            + "decoder_attention_type=…) with the same arithmetic and the same parameter and batch-norm names "
            + "(`encoder.layer1.0.conv1.weight`, `decoder.blocks.0.conv1.0.weight`, `segmentation_head.0.weight`, "
            + "`num_batches_tracked` included), so `save_weights` writes a file smp loads with strict=True and "
            + "`load_weights` reads an smp state_dict saved as safetensors. encoder: resnet18, resnet34 (torchvision "
            + "names) or timm-efficientnet-b0 … b4 (smp's timm EfficientNets); decoder_channels: five widths, deepest "
            + "first (narrower ones train faster on a CPU); attention: \"scse\" adds smp's scSE attention (widths ≥ 16). "
            + "normalize: \"imagenet\" (the default: these are ImageNet encoders) normalises the input pixels with "
            + "ImageNet's mean and std inside the forward pass (one channel: mean 0.449, std 0.226), so fit, predict, "
            + "evaluate and submit all apply it; \"none\" feeds pixels as they are. `load_weights m path part=\"encoder\"` "
            + "loads a torchvision or timm ImageNet checkpoint into the encoder. `checkpointing=true` recomputes each encoder stage in the backward pass instead of keeping its activations. "
            + "`cls_head=true` adds Pleura's image-level head (`cls_head.fc`, after smp's names) on the deepest encoder "
            + "feature, as for the other models. One output channel; inputs are padded to a multiple of 32."
        add(Builtin("smp_unet", .model, parameters, help: help,
                    example: "m = smp_unet(encoder=\"resnet18\", decoder_channels=[64, 32, 16, 16, 16], attention=\"scse\", seed=1)\nm") { args in
            var c = ModelConfig(.smpunet)
            c.encoder = try args.string("encoder")
            c.decoderChannels = try args.list("decoder_channels").map { item in
                guard case .number(let w) = item, w == w.rounded(), w >= 1, w <= 2048 else {
                    throw args.error("decoder_channels", "decoder_channels must be whole widths in 1...2048, got \(item.summary)")
                }
                return Int(w)
            }
            c.attention = try args.string("attention") == "scse"
            c.normalize = try args.string("normalize")
            c.inChannels = try args.int("in_channels")
            c.gradientCheckpointing = try args.bool("checkpointing")
            c.classifierDropout = try args.bool("cls_head") ? Float(try args.number("cls_dropout")) : nil
            c.seed = try args.seed()
            return .object(ModelObject(try makeModel(c)))
        })
    }
}
