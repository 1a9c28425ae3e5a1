import Foundation
import Core
import Imaging
import Tensor

/// The DICOM headers of every `.dcm` file below a folder, read without decoding any pixels:
/// metadata for EDA over a whole download in seconds, joined to labels on the ImageId (the
/// file's stem, as the loader names images).
public struct DICOMHeaders: Sendable {
    public struct Row: Sendable, Equatable {
        /// The file's stem: the SIIM ImageId.
        public let id: String
        public let path: String
        /// The path below the folder that was read.
        public let relativePath: String
        public let metadata: DICOMMetadata
    }

    /// One row per readable file, in path order.
    public let rows: [Row]
    /// Files that could not be read, with the reason.
    public let unreadable: [String]

    /// Reads the header of every `.dcm` file below `folder` (following folder links), in
    /// parallel on every core.
    public init(folder: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw InputError(folder, "no such folder")
        }
        let paths = Self.dicomFiles(below: folder)
        guard !paths.isEmpty else { throw InputError(folder, "found no .dcm files below it") }
        var results = [Result<DICOMMetadata, any Error>?](repeating: nil, count: paths.count)
        results.withUnsafeMutableBufferPointer { out in
            Parallel.forEach(paths.count) { i in out[i] = Result { try DICOMFile.readHeader(path: paths[i]) } }
        }
        var rows: [Row] = [], unreadable: [String] = []
        for (path, result) in zip(paths, results) {
            switch result {
            case .success(let metadata)?:
                rows.append(Row(id: DatasetSources.stem(path),
                                path: path, relativePath: String(path.dropFirst(folder.count).drop { $0 == "/" }),
                                metadata: metadata))
            case .failure(let error)?: unreadable.append("\(error)")
            case nil: unreadable.append("\(path): not read")
            }
        }
        self.rows = rows
        self.unreadable = unreadable
    }

    /// The `.dcm` files below `folder`, sorted; symbolic links to folders are followed once
    /// each (a link back up the tree is not walked again).
    static func dicomFiles(below folder: String) -> [String] {
        var found: [String] = [], seen: Set<String> = []
        var pending = [folder]
        let manager = FileManager.default
        while let next = pending.popLast() {
            let real = (next as NSString).resolvingSymlinksInPath
            guard seen.insert(real).inserted, let names = try? manager.contentsOfDirectory(atPath: next) else { continue }
            for name in names where !name.hasPrefix(".") {
                let path = (next as NSString).appendingPathComponent(name)
                var isFolder: ObjCBool = false
                guard manager.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
                if isFolder.boolValue {
                    pending.append(path)
                } else if (name as NSString).pathExtension.lowercased() == "dcm" {
                    found.append(path)
                }
            }
        }
        return found.sorted()
    }
}

extension Metadata {
    /// The fields prevalence groups by, from a DICOM header (empty text counts as absent).
    public init(_ header: DICOMMetadata) {
        self.init(sex: header.patientSex.flatMap { $0.isEmpty ? nil : $0 },
                  age: header.patientAge.map { Int($0.years) },
                  view: header.viewPosition.flatMap { $0.isEmpty ? nil : $0 })
    }
}
