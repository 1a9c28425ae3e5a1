import Segmentation

extension HistoryObject {
    /// One epoch as the trainer prints it: `epoch 3/40  loss 0.4321  val loss 0.3987  dice
    /// 0.7012  iou 0.5811  lr 0.000812`. No timings, so replays print the same text. Fields
    /// that would pass `width` columns go on an indented next line, whole, so a terminal of
    /// that width never breaks a word.
    static func line(_ r: EpochRecord, of epochs: Int? = nil, width: Int = 80) -> String {
        let head = r.note.map { "\($0):" } ?? "epoch \(r.epoch + 1)" + (epochs.map { "/\($0)" } ?? "")
        var fields = [head, "loss \(Formatting.fixed(r.trainLoss))"]
        if let v = r.validationLoss { fields.append("val loss \(Formatting.fixed(v))") }
        if let d = r.validationDice { fields.append("dice \(Formatting.fixed(d))") }
        if let i = r.validationIoU { fields.append("iou \(Formatting.fixed(i))") }
        if r.note == nil { fields.append("lr \(Formatting.significant(r.learningRate, 3))") }
        return fitted(fields, width: width)
    }

    /// `fields` two spaces apart, a new line (indented four) before any field that would end
    /// past `width`.
    static func fitted(_ fields: [String], width: Int) -> String {
        var lines: [String] = []
        var line = ""
        for field in fields {
            if !line.isEmpty && line.count + 2 + field.count > width {
                lines.append(line)
                line = "    " + field
            } else {
                line += (line.isEmpty ? "" : "  ") + field
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
