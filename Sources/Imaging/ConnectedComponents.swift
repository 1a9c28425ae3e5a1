/// The 8-connected components of a mask: a label per pixel and each component's area and
/// bounding box. Labels run 1...count in raster order of each component's first pixel;
/// 0 is background.
public struct Components: Sendable, Equatable {
    /// An inclusive pixel rectangle.
    public struct Box: Sendable, Equatable {
        public var minX: Int, minY: Int, maxX: Int, maxY: Int

        public init(minX: Int, minY: Int, maxX: Int, maxY: Int) {
            (self.minX, self.minY, self.maxX, self.maxY) = (minX, minY, maxX, maxY)
        }
    }

    public let width: Int
    public let height: Int
    /// Row-major labels: 0 for background, k for the k-th component.
    public let labels: [Int32]
    /// `areas[k - 1]` is the pixel count of component k.
    public let areas: [Int]
    /// `boxes[k - 1]` bounds component k.
    public let boxes: [Box]

    public var count: Int { areas.count }

    /// Labels the 8-connected components of `mask` in linear time: one raster pass with
    /// union-find over provisional labels, then one pass that resolves them.
    public init(_ mask: Mask) {
        let width = mask.width, height = mask.height
        var labels = [Int32](repeating: 0, count: width * height)
        // parent[0] is unused so that provisional label k lives at index k.
        var parent: [Int32] = [0]
        mask.pixels.withUnsafeBufferPointer { pixels in
            labels.withUnsafeMutableBufferPointer { labels in
                for y in 0..<height {
                    let row = y * width
                    for x in 0..<width where pixels[row + x] != 0 {
                        // Already-visited neighbours: W, NW, N, NE.
                        var label: Int32 = 0
                        if x > 0 { label = labels[row + x - 1] }
                        if y > 0 {
                            let up = row - width + x
                            if x > 0 { label = Self.merge(&parent, label, labels[up - 1]) }
                            label = Self.merge(&parent, label, labels[up])
                            if x + 1 < width { label = Self.merge(&parent, label, labels[up + 1]) }
                        }
                        if label == 0 {
                            label = Int32(parent.count)
                            parent.append(label)
                        }
                        labels[row + x] = label
                    }
                }
            }
        }
        // Resolve: each root gets the next final label in raster order of first appearance.
        var final = [Int32](repeating: 0, count: parent.count)
        var areas: [Int] = []
        var boxes: [Box] = []
        labels.withUnsafeMutableBufferPointer { labels in
            for y in 0..<height {
                for x in 0..<width {
                    let i = y * width + x
                    guard labels[i] != 0 else { continue }
                    let root = Int(Self.find(&parent, labels[i]))
                    if final[root] == 0 {
                        areas.append(0)
                        boxes.append(Box(minX: x, minY: y, maxX: x, maxY: y))
                        final[root] = Int32(areas.count)
                    }
                    let k = Int(final[root])
                    labels[i] = Int32(k)
                    areas[k - 1] += 1
                    boxes[k - 1].minX = min(boxes[k - 1].minX, x)
                    boxes[k - 1].maxX = max(boxes[k - 1].maxX, x)
                    boxes[k - 1].maxY = y
                }
            }
        }
        self.width = width
        self.height = height
        self.labels = labels
        self.areas = areas
        self.boxes = boxes
    }

    /// The root of `label`, halving the path on the way (keeps finds near constant time).
    private static func find(_ parent: inout [Int32], _ label: Int32) -> Int32 {
        var x = label
        while parent[Int(x)] != x {
            parent[Int(x)] = parent[Int(parent[Int(x)])]
            x = parent[Int(x)]
        }
        return x
    }

    /// The label for a pixel that has `label` so far and a neighbour labelled `neighbour`
    /// (0 for none): either one alone, or both joined.
    @inline(__always)
    private static func merge(_ parent: inout [Int32], _ label: Int32, _ neighbour: Int32) -> Int32 {
        if neighbour == 0 { return label }
        if label == 0 || label == neighbour { return neighbour }
        return union(&parent, label, neighbour)
    }

    /// Joins two provisional labels under the smaller root and returns it.
    private static func union(_ parent: inout [Int32], _ a: Int32, _ b: Int32) -> Int32 {
        let ra = find(&parent, a), rb = find(&parent, b)
        if ra == rb { return ra }
        let (low, high) = ra < rb ? (ra, rb) : (rb, ra)
        parent[Int(high)] = low
        return low
    }

    /// A mask holding only the components for which `keep(k)` is true (k is 1-based).
    public func mask(keeping keep: (Int) -> Bool) -> Mask {
        let kept = [false] + (1...max(1, count)).map { $0 <= count && keep($0) }
        return Mask(width: width, height: height, pixels: labels.map { kept[Int($0)] ? 1 : 0 })
    }
}

extension Mask {
    /// The mask without its 8-connected components smaller than `minArea` pixels
    /// (a component of exactly `minArea` pixels stays).
    public func removingComponents(smallerThan minArea: Int) -> Mask {
        let components = Components(self)
        return components.mask { components.areas[$0 - 1] >= minArea }
    }
}
