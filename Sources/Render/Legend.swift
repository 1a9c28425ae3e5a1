/// A legend for the terminal: entries of a mark and its meaning, wrapped to a width.
struct Legend {
    var entries: [(mark: Cell, meaning: String)]

    /// The entries left to right, two spaces apart, starting a new line where the next entry
    /// would pass `width`.
    func cells(width: Int, indent: Int = 0) -> CellGrid {
        var placed: [(x: Int, y: Int)] = []
        var x = indent, y = 0
        for entry in entries {
            let length = 2 + entry.meaning.unicodeScalars.count
            if x > indent, x + length > width { x = indent; y += 1 }
            placed.append((x, y))
            x += length + 2
        }
        // An entry longer than the whole width still shows in full, on a line of its own.
        let right = zip(entries, placed).map { $1.x + 2 + $0.meaning.unicodeScalars.count }.max() ?? 0
        var grid = CellGrid(width: max(width, right), height: entries.isEmpty ? 0 : y + 1)
        for (entry, at) in zip(entries, placed) {
            grid.put(entry.mark, x: at.x, y: at.y)
            grid.write(entry.meaning, x: at.x + 2, y: at.y)
        }
        return grid
    }
}
