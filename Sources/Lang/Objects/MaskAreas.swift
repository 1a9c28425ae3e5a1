import Data
import Imaging
import Tensor

/// What the class-balance statistics (`coverage`, `imbalance`, `regions`, `prevalence`) need
/// of a dataset or of a labels file: each labelled image's mask area and the areas of its
/// 8-connected regions, and the pixels in one mask. A dataset gives them at its size from its masks; a
/// labels file gives them at the labels' resolution by run-length arithmetic, without
/// decoding a single image.
struct MaskAreas {
    /// The labelled images' ids, in order.
    let ids: [String]
    /// Mask pixels of each labelled image (0 for a negative).
    let areas: [Int]
    /// Pixels in one mask: the denominator of coverage.
    let pixelCount: Int
    /// The areas of the 8-connected regions of each labelled image's mask, computed on
    /// request (in parallel for a dataset, from the runs for labels).
    let regions: () -> [[Int]]

    /// The labelled samples of a dataset, at its size.
    init(_ dataset: Dataset) {
        let labelled = dataset.masks.indices.filter { dataset.masks[$0] != nil }
        ids = labelled.map { dataset.ids[$0] }
        areas = labelled.map { dataset.masks[$0].map(RLE.area) ?? 0 }
        let side = dataset.size
        pixelCount = side * side
        regions = {
            var areas = [[Int]](repeating: [], count: labelled.count)
            areas.withUnsafeMutableBufferPointer { out in
                Parallel.forEach(labelled.count) { k in
                    guard let runs = dataset.masks[labelled[k]], !runs.isEmpty else { return }
                    out[k] = Components(RLE.mask(runs, width: side, height: side)).areas
                }
            }
            return areas
        }
    }

    /// Every image of a labels file, at the labels' resolution.
    init(_ labels: Labels) {
        ids = labels.images.map(\.id)
        areas = labels.images.map(\.area)
        pixelCount = labels.width * labels.height
        regions = { labels.images.map { RLE.regionAreas($0.union, height: labels.height) } }
    }

    /// The dataset or labels object passed as argument `name`.
    init(_ args: Arguments, _ name: String) throws {
        switch args[name] {
        case .object(let d as DatasetObject): self.init(d.dataset)
        case .object(let l as LabelsObject): self.init(l.labels)
        default: throw args.error(name, "`\(name)` must be a dataset or labels, got \(args[name].typeName)")
        }
    }

    var count: Int { areas.count }
    var positives: Int { areas.reduce(0) { $0 + ($1 > 0 ? 1 : 0) } }

    /// Mask pixels over all pixels, over every labelled image.
    var meanCoverage: Double {
        let pixels = Double(count) * Double(pixelCount)
        return pixels == 0 ? 0 : Double(areas.reduce(0, +)) / pixels
    }
}
