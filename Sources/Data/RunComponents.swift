extension RLE {
    /// The areas of the 8-connected regions of the mask of `runs` (column-major, sorted and
    /// disjoint, as a union is) in a mask `height` pixels tall, in order of each region's
    /// first run: the areas `Components` gives on the decoded mask (in its own order), found
    /// from the runs alone.
    ///
    /// Each run is cut at column ends into segments (column, first row, last row). Two
    /// segments are 8-connected when they lie in the same or neighbouring columns and their
    /// row spans overlap or meet diagonally; a union-find over the segments of each pair of
    /// neighbouring columns, swept with two pointers, counts the regions in time linear in the
    /// number of runs, with no pixel touched.
    public static func regionAreas(_ runs: [Run], height: Int) -> [Int] {
        guard height > 0 else { return [] }
        var column: [Int] = [], first: [Int] = [], last: [Int] = []
        for run in runs where run.length > 0 {
            var start = run.start
            let end = run.end
            while start < end {
                let x = start / height, y = start % height
                let stop = min(end, (x + 1) * height)
                let (y1, extends) = (y + (stop - start) - 1, column.last == x && last.last.map { $0 + 1 == y } == true)
                if extends {
                    // Runs that touch inside one column are one segment (unsorted input is not expected).
                    last[last.count - 1] = y1
                } else {
                    column.append(x)
                    first.append(y)
                    last.append(y1)
                }
                start = stop
            }
        }
        var parent = Array(column.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        // `previous` walks the segments of column x - 1 while `current` walks column x.
        var previousStart = 0
        var current = 0
        while current < column.count {
            let x = column[current]
            var end = current
            while end < column.count && column[end] == x { end += 1 }
            // The segments of the column just before x, if it is x - 1.
            while previousStart < current && column[previousStart] < x - 1 { previousStart += 1 }
            var p = previousStart
            for c in current..<end {
                // Skip segments of the previous column that end more than one row above c.
                while p < current && last[p] + 1 < first[c] { p += 1 }
                var q = p
                while q < current && first[q] <= last[c] + 1 {
                    let (a, b) = (root(q), root(c))
                    if a != b { parent[max(a, b)] = min(a, b) }
                    q += 1
                }
            }
            previousStart = current
            current = end
        }
        // Each region's area, keyed by its root (its first segment, as roots are the smaller index).
        var areas: [Int: Int] = [:]
        for i in column.indices { areas[root(i), default: 0] += last[i] - first[i] + 1 }
        return areas.keys.sorted().compactMap { areas[$0] }
    }

    /// How many 8-connected regions the mask of `runs` has (see `regionAreas`).
    public static func regionCount(_ runs: [Run], height: Int) -> Int {
        regionAreas(runs, height: height).count
    }
}
