import Testing
import Segmentation

/// `forEachChunk` reads chunk k+1 on another thread while chunk k is worked on; what the
/// body sees must be exactly a sequential walk's, and a failed read must stop the walk there.
@Suite struct ChunkWalkTests {
    @Test func chunksArriveInOrderWithTheirOwnInputs() throws {
        var ranges: [Range<Int>] = [], values: [Int] = []
        try forEachChunk(count: 10, chunk: 3, read: { range in range.map { $0 * $0 } }) { range, squares in
            ranges.append(range)
            values += squares
        }
        #expect(ranges == [0..<3, 3..<6, 6..<9, 9..<10])
        #expect(values == (0..<10).map { $0 * $0 })
    }

    @Test func nothingToWalkCallsNothing() throws {
        var calls = 0
        try forEachChunk(count: 0, chunk: 4, read: { $0.count }) { _, _ in calls += 1 }
        #expect(calls == 0)
    }

    @Test func aFailedReadIsThrownAtItsChunk() {
        struct Unreadable: Error {}
        var done: [Range<Int>] = []
        #expect(throws: Unreadable.self) {
            try forEachChunk(count: 10, chunk: 4, read: { range in
                if range.lowerBound == 4 { throw Unreadable() }
                return range.count
            }) { range, _ in done.append(range) }
        }
        #expect(done == [0..<4])
    }
}
