import Foundation
import Core
import Imaging
import Tensor

extension Registry {
    /// Reading single images and measuring masks.
    func addImaging() {
        add(Builtin("image", .imaging, [Parameter("path", .string)],
                    help: "Reads a PNG or JPEG file (grey levels scaled to [0, 1]); the format is told by its first bytes.",
                    example: "made = synth(\"demo-png\", count=1, size=64, layout=\"png\", seed=1)\nx = image(made.files[0])\nx.width") { args in
            let path = try args.readablePath("path")
            let bytes = try FileIO.read(path: path)
            if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return .object(ImageObject(try PNG.decode(bytes, source: path), origin: path)) }
            if bytes.starts(with: [0xFF, 0xD8]) { return .object(ImageObject(try JPEG.decode(bytes, source: path), origin: path)) }
            throw InputError(path, "is neither a PNG nor a JPEG file (use `dicom` for DICOM)")
        })
        add(Builtin("dicom", .imaging, [Parameter("path", .string)],
                    help: "Reads a DICOM file: its pixels as an image, and its header's patient sex, age, view position, "
                        + "modality and image size, shown by `describe`.",
                    example: "made = synth(\"demo-dicom\", count=1, size=64, seed=1)\ndescribe dicom(made.files[0])") { args in
            let path = try args.readablePath("path")
            let file = try DICOMFile.read(path: path)
            let m = file.metadata
            var facts: [(name: String, value: String)] = []
            for (name, value) in [("sex", m.patientSex), ("age", m.patientAge?.text), ("view", m.viewPosition),
                                  ("modality", m.modality), ("uid", m.sopInstanceUID)] {
                if let value { facts.append((name, value)) }
            }
            return .object(ImageObject(try file.image(), origin: path, facts: facts))
        })
        add(Builtin("regions", .imaging, [Parameter("x", .oneOf([.object("sample"), .object("dataset")])),
                                          .minArea],
                    help: "Connected regions (8-connected) of masks: for a sample, the area of each region; for a dataset, "
                        + "how many positive images have 1, 2, 3... regions. Regions smaller than `min_area` pixels are ignored.",
                    example: "s = synth_sample(seed=4, size=128)\nregions s") { args in
            let minArea = try args.int("min_area")
            switch args["x"] {
            case .object(let s as SampleObject):
                guard let mask = s.sample.mask else { throw args.error("x", "this sample has no mask") }
                let areas = Components(mask).areas.filter { $0 >= minArea }
                return .list(areas.map { .number(Double($0)) })
            case .object(let d as DatasetObject):
                let counts = try Self.regionCounts(d, minArea: minArea)
                return .record(Record(counts.map { (name: "regions_\($0.regions)", value: .number(Double($0.images))) }))
            default:
                throw args.error("x", "`regions` takes a sample or a dataset")
            }
        })
    }

    /// For each number of regions, how many positive images have that many.
    private static func regionCounts(_ d: DatasetObject, minArea: Int) throws -> [(regions: Int, images: Int)] {
        var tally: [Int: Int] = [:]
        for i in 0..<d.dataset.count where d.dataset.positive[i] {
            try Interrupt.check()
            guard let mask = d.dataset.mask(i) else { continue }
            let n = Components(mask).areas.filter { $0 >= minArea }.count
            tally[n, default: 0] += 1
        }
        return tally.keys.sorted().map { ($0, tally[$0] ?? 0) }
    }
}
