import Core
import Data
import Render
import Segmentation
import Tensor

extension Registry {
    /// Loss constructors (each bare name also stands for its default loss inside arithmetic:
    /// `loss = bce + dice`), and the loss lab: `probe`, `losslab`, `lossmap`.
    func addLosses() {
        let overlap: [Parameter] = [Parameter("smooth", .number, default: 0), Parameter("eps", .number, default: 1e-7),
                                    Parameter("per_image", .bool, default: false), Parameter("log", .bool, default: false)]
        func overlapOptions(_ args: Arguments) throws -> OverlapOptions {
            OverlapOptions(smooth: Float(try args.number("smooth")), eps: Float(try args.number("eps")),
                           perImage: try args.bool("per_image"), log: try args.bool("log"))
        }
        addLoss("bce", [Parameter("pos_weight", .number, default: 1), Parameter("smoothing", .number, default: 0)],
                help: "Binary cross-entropy on logits, max(x,0) − x·t + log(1+e^−|x|); `pos_weight` scales the positive "
                    + "term, `smoothing` moves targets towards 0.5.",
                example: "loss = 3*bce + dice\nloss\nz = tensor([2, -1, 0.5]); t = tensor([1, 0, 1])\n"
                    + "bce(z, t)\nloss(z, t)") { args in
            BinaryCrossEntropy(positiveWeight: Float(try args.number("pos_weight")), smoothing: Float(try args.number("smoothing")))
        }
        addLoss("dice", overlap,
                help: "Soft Dice loss 1 − (2Σpt + smooth)/(Σp + Σt + smooth), over the batch or `per_image`; "
                    + "`log=true` gives −log(Dice). An image (or batch) with an empty mask contributes 0.",
                example: "dice(per_image=true)") { args in DiceLoss(try overlapOptions(args)) }
        addLoss("jaccard", overlap, help: "Soft Jaccard (IoU) loss, with the same options as `dice`.",
                example: "jaccard(smooth=1)") { args in JaccardLoss(try overlapOptions(args)) }
        addLoss("focal", [Parameter("gamma", .number, default: 2), Parameter("alpha", .number, default: Value.none)],
                help: "Focal loss (1−p_t)^γ · BCE, computed through log-sigmoid so γ < 1 stays finite; `alpha` "
                    + "weighs positives.",
                example: "focal(gamma=2, alpha=0.25)") { args in
            FocalLoss(gamma: Float(try args.number("gamma")), alpha: try args.optionalNumber("alpha").map(Float.init))
        }
        addLoss("lovasz", [Parameter("per_image", .bool, default: false), Parameter("symmetric", .bool, default: false),
                           Parameter("elu", .bool, default: false)],
                help: "The binary Lovász hinge (Berman et al.), a convex surrogate of IoU; `symmetric` averages it "
                    + "with the flipped problem, `elu` uses elu(x)+1 instead of relu.",
                example: "lovasz(per_image=true)") { args in
            LovaszHingeLoss(perImage: try args.bool("per_image"), symmetric: try args.bool("symmetric"), eluPlusOne: try args.bool("elu"))
        }
        addLoss("tversky", [Parameter("alpha", .number, default: 0.5), Parameter("beta", .number, default: 0.5),
                            Parameter("gamma", .number, default: 1)] + overlap,
                help: "Tversky loss: α weighs false positives, β false negatives; γ ≠ 1 gives focal Tversky.",
                example: "tversky(alpha=0.3, beta=0.7, gamma=0.75)") { args in
            TverskyLoss(alpha: Float(try args.number("alpha")), beta: Float(try args.number("beta")),
                        gamma: Float(try args.number("gamma")), try overlapOptions(args))
        }

        add(Builtin("probe", .loss, [Parameter("ds", .object("dataset")), Parameter("n", .integer(in: 1...), default: 16),
                                     Parameter("pos", .integer(in: 0...), default: 8), Parameter("seed", .integer, default: Value.none)],
                    help: "Freezes a stratified batch of `n` images, `pos` of them positive, for the loss lab.",
                    example: "p = probe(synth_dataset(count=24, size=64, seed=2), n=8, pos=4, seed=1)\np") { args in
            let dataset = try args.object("ds", as: DatasetObject.self).dataset
            let (n, pos) = (try args.int("n"), try args.int("pos"))
            guard pos <= n else { throw args.error("pos", "`pos` must be at most n (\(n)), got \(pos)") }
            var rng = SeededGenerator(seed: try args.seed())
            func pick(_ pool: [Int], _ k: Int, _ what: String) throws -> [Int] {
                guard pool.count >= k else { throw LangError("the dataset has only \(pool.count) \(what) images; asked for \(k)") }
                var p = pool
                for i in 0..<k { p.swapAt(i, i + rng.int(below: p.count - i)) }
                return Array(p.prefix(k))
            }
            let positive = dataset.positive
            let chosen = try pick(dataset.positive.indices.filter { positive[$0] }, pos, "positive")
                + pick(dataset.positive.indices.filter { !positive[$0] }, n - pos, "negative")
            return .object(ProbeObject(try dataset.batch(chosen.sorted()), positives: pos))
        })
        add(Builtin("losslab", .loss, [Parameter("losses", .list), Parameter("probe", .object("probe"))],
                    help: "Each loss's value and gradient norm on the probe batch for a perfect, an empty, a shifted, a "
                        + "dilated and a noisy prediction: see before training which mistakes a loss punishes.",
                    example: "p = probe(synth_dataset(count=24, size=64, seed=2), n=8, pos=4, seed=1)\n"
                        + "losslab [bce, dice, focal(gamma=2), lovasz] p") { args in
            let losses = try args.list("losses").enumerated().map { i, v -> any Loss in
                guard let loss = try args.session.loss(from: v) else {
                    throw args.error("losses", "item \(i) is a \(v.typeName), not a loss")
                }
                return loss
            }
            let probe = try args.object("probe", as: ProbeObject.self)
            let report = try LossLab.run(losses, targets: probe.batch.targets)
            var rows: [[String]] = []
            for (l, name) in report.losses.enumerated() {
                rows.append([name] + report.kinds.indices.map { k in
                    let m = report.measurements[l][k]
                    return "\(Formatting.significant(Double(m.value), 4)) / \(Formatting.significant(Double(m.gradientNorm), 3))"
                })
            }
            let table = try Table(columns: ["loss (value / grad norm)"] + report.kinds.map(\.rawValue), rows: rows)
            args.session.print(table.lines.joined(separator: "\n"))
            return .none
        })
        add(Builtin("lossmap", .loss, [Parameter("loss", .any), Parameter("probe", .object("probe")),
                                       Parameter("index", .integer, default: 0), Parameter("prediction", .choice(ProbePredictions.Kind.self), default: "noisy")] + Parameter.figure,
                    help: "The per-pixel gradient of a loss with respect to the logits, for one probe image and one kind of "
                        + "prediction (perfect, empty, shifted, dilated, noisy), as a heat map.",
                    example: "p = probe(synth_dataset(count=24, size=64, seed=2), n=4, pos=2, seed=1)\n"
                        + "lossmap lovasz p index=0 prediction=\"empty\" width=40") { args in
            guard let loss = try args.session.loss(from: args["loss"]) else {
                throw args.error("loss", "`loss` must be a loss, got \(args["loss"].typeName)")
            }
            let probe = try args.object("probe", as: ProbeObject.self)
            let index = try args.int("index")
            guard (0..<probe.batch.images.shape[0]).contains(index) else {
                throw args.error("index", "`index` must be in 0..<\(probe.batch.images.shape[0])")
            }
            let kind = try args.choice("prediction", as: ProbePredictions.Kind.self)
            let logits = try ProbePredictions().logits(kind, targets: probe.batch.targets)
            let map = try LossLab.gradientMap(loss, logits: logits, target: probe.batch.targets, sample: index)
            let (h, w) = (probe.batch.targets.shape[2], probe.batch.targets.shape[3])
            let title = "d(\(loss.description))/d(logit), \(kind.rawValue) prediction, image \(index)"
            return try Self.present(try Heatmap(Imaging.Image(width: w, height: h, pixels: map), title: title), title: title, args)
        })
    }

    /// A loss constructor. Its options are named (`dice(smooth=1)` is a loss); given logits
    /// and a target first, it is that loss's value on them: `dice(z, t)` is `dice()(z, t)`,
    /// the call a PyTorch user writes as `F.dice(z, t)`.
    private func addLoss(_ name: String, _ parameters: [Parameter], help: String, example: String,
                         _ make: @escaping (Arguments) throws -> any Loss) {
        let operands = [Parameter("logits", .object("tensor"), default: Value.none),
                        Parameter("target", .oneOf([.object("tensor"), .number]), default: Value.none)]
        let usage = " `\(name)(z, t)` is its value on logits z against target t, the same as `\(name)()(z, t)`; "
            + "options are named. Bare `\(name)` in arithmetic means \(name)()."
        var builtin = Builtin(name, .loss, operands + parameters, help: help + usage, example: example) { args in
            let loss = LossObject(try make(args))
            switch (args.has("logits"), args.has("target")) {
            case (false, false): return .object(loss)
            case (true, true):
                let logits = try args.object("logits", as: TensorObject.self).tensor
                return .object(TensorObject(try loss.value(logits, target: args["target"])))
            case (true, false): throw args.error("logits", "`\(name)` on logits needs the target too: \(name)(z, t)")
            case (false, true): throw args.error("target", "`\(name)` on a target needs the logits too: \(name)(z, t)")
            }
        }
        builtin.operand = { session in try session.call(.builtin(builtin), []) }
        add(builtin)
    }
}

import Imaging
