import Segmentation
import Tensor

extension Registry {
    /// Fine-tuning: `freeze` and `unfreeze` a model's parts.
    func addFineTuning() {
        let parameters = [
            Parameter("model", .object("model")),
            Parameter("part", .choice(ModelPart.self), default: .string(ModelPart.encoder.rawValue)),
        ]
        add(Builtin("freeze", .training, parameters,
                    help: "Freezes a part of a model: \"encoder\" (the contracting path, what a pretrained checkpoint "
                        + "fills), \"decoder\" or \"head\" (the mask heads and the image-level head). `fit` then leaves its "
                        + "weights and its batch-norm statistics exactly as they are (the batch norms of a frozen part "
                        + "normalise with their running statistics), and computes no gradients for it. `describe m` "
                        + "shows which parts train; `unfreeze` undoes it.",
                    example: "m = unet(base=4, depth=2, seed=1)\nfreeze m part=\"encoder\"\ndescribe m") { args in
            try Self.setTrainable(false, args)
        })
        add(Builtin("unfreeze", .training, parameters,
                    help: "Lets a part frozen by `freeze` train again, e.g. after a few epochs of training the decoder "
                        + "alone on a pretrained encoder; `fit ... lr_encoder=` then gives it a rate of its own.",
                    example: "m = unet(base=4, depth=2, seed=1)\nfreeze m\nunfreeze m part=\"encoder\"") { args in
            try Self.setTrainable(true, args)
        })
    }

    private static func setTrainable(_ trainable: Bool, _ args: Arguments) throws -> Value {
        let model = try args.object("model", as: ModelObject.self).model
        let part = try args.choice("part", as: ModelPart.self)
        do {
            try model.setTrainable(trainable, part: part)
        } catch let error as ShapeError {
            throw args.error("part", error.message)
        }
        return .none
    }
}
