import Core
import Imaging
import Tensor
import Testing

@Suite struct ConnectedComponentsTests {
    private func mask(_ rows: [String]) -> Mask {
        Mask(width: rows[0].count, height: rows.count, pixels: rows.flatMap { $0.map { $0 == "#" ? 1 : 0 } })
    }

    @Test func diagonalNeighboursJoinAndRasterOrderNumbers() {
        let m = mask([
            "#...##",
            ".#..#.",
            "..#...",
            "......",
            "##..#.",
        ])
        let c = Components(m)
        #expect(c.count == 4)
        #expect(c.areas == [3, 3, 2, 1])
        #expect(c.boxes[0] == .init(minX: 0, minY: 0, maxX: 2, maxY: 2))
        #expect(c.boxes[1] == .init(minX: 4, minY: 0, maxX: 5, maxY: 1))
        #expect(c.boxes[2] == .init(minX: 0, minY: 4, maxX: 1, maxY: 4))
        #expect(c.boxes[3] == .init(minX: 4, minY: 4, maxX: 4, maxY: 4))
        #expect(c.labels[2 * 6 + 2] == 1 && c.labels[4 * 6 + 4] == 4 && c.labels[3 * 6] == 0)
    }

    /// A U shape whose arms meet only at the bottom, and a shape joined only through a
    /// north-east neighbour: both need label merging after the first raster pass.
    @Test func mergesLabelsThatMeetLate() {
        let c = Components(mask([
            "#.#..#",
            "#.#.#.",
            "###...",
        ]))
        #expect(c.count == 2)
        #expect(c.areas == [7, 2])
        #expect(c.boxes[0] == .init(minX: 0, minY: 0, maxX: 2, maxY: 2))
    }

    @Test func removesComponentsSmallerThanTheMinimum() {
        let m = mask([
            "##...#",
            "##....",
            "....##",
        ])
        // Areas 4, 1, 2: a minimum of 2 keeps the 4 and the 2 (equal to the minimum stays).
        #expect(m.removingComponents(smallerThan: 2) == mask([
            "##....",
            "##....",
            "....##",
        ]))
        #expect(m.removingComponents(smallerThan: 5).isEmpty)
        #expect(m.removingComponents(smallerThan: 0) == m)
    }

    @Test func emptyAndFullMasks() {
        #expect(Components(Mask(width: 5, height: 3)).count == 0)
        let full = Components(Mask(width: 7, height: 4, pixels: [UInt8](repeating: 1, count: 28)))
        #expect(full.count == 1 && full.areas == [28] && full.boxes == [.init(minX: 0, minY: 0, maxX: 6, maxY: 3)])
    }

    /// Against a flood fill on random masks: the same partition and the same areas.
    @Test func agreesWithFloodFill() {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<20 {
            let width = 1 + random.int(below: 40), height = 1 + random.int(below: 40)
            let density = random.uniform(0.2, 0.7)
            let m = Mask(width: width, height: height, pixels: (0..<width * height).map { _ in random.chance(density) ? 1 : 0 })
            let c = Components(m)
            var seen = [Bool](repeating: false, count: width * height)
            var floodAreas: [Int] = []
            for start in 0..<width * height where m.pixels[start] != 0 && !seen[start] {
                var stack = [start], area = 0
                seen[start] = true
                while let i = stack.popLast() {
                    area += 1
                    #expect(c.labels[i] == c.labels[start])
                    for dy in -1...1 {
                        for dx in -1...1 {
                            let x = i % width + dx, y = i / width + dy
                            guard x >= 0, y >= 0, x < width, y < height, m[x, y] != 0, !seen[y * width + x] else { continue }
                            seen[y * width + x] = true
                            stack.append(y * width + x)
                        }
                    }
                }
                floodAreas.append(area)
            }
            #expect(c.areas == floodAreas)
        }
    }
}
