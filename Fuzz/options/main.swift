import FuzzSupport
import Notebook

// The first line is a code block's info-string options (`{echo=false}`), the rest a
// `--param name=value`, whose assignment is then read back by the language's parser.
fuzz { bytes in
    let text = String(decoding: bytes, as: UTF8.self)
    let (options, param) = text.firstIndex(of: "\n").map { (text[..<$0], text[text.index(after: $0)...]) }
        ?? (Substring(text), Substring(""))
    _ = try? BlockOptions(parsing: String(options), source: "<fuzz>", place: "line 1")
    if let parameter = try? NotebookParameter(parsing: String(param)) {
        _ = NotebookParameter.names(assignedIn: parameter.assignment)
    }
}
