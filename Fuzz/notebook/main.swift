import FuzzSupport
import Notebook

// Parse the bytes as a notebook's Markdown: fences, block options, generated-output markers.
fuzz { bytes in
    _ = try? NotebookParser.parse(String(decoding: bytes, as: UTF8.self), source: "<fuzz>")
}
