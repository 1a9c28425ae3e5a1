import Core
import Foundation
import Synchronization

/// The 8-bit pixels of a dataset's images, one fixed-size slot per image, shared by the
/// dataset and every subset, split or slice of it: they index into the store rather than
/// copy it, so their memory does not grow with the number of images.
///
/// The store is either an array in memory (a load without a cache, a synthetic set) or a
/// read-only memory mapping of a cache file's pixel block. A mapping is file-backed: the
/// kernel pages it in on first touch and can drop clean pages under pressure, so it adds
/// nothing to the process's anonymous memory however many images it holds.
///
/// A mapped store knows each slot's checksum and verifies a slot the first time it is read
/// (`DatasetCache` explains why then rather than at load time). A slot that fails is an
/// error naming the cache file; the file is removed so that the next load rebuilds it.
public final class PixelStore: @unchecked Sendable {
    /// Bytes per image (`size * size`).
    public let imageBytes: Int
    /// Number of slots.
    public let slots: Int
    private let base: UnsafeRawPointer?
    private let storage: Storage
    /// For a mapped store: each slot's checksum, and which slots have been verified (one
    /// bit per slot).
    private let checksums: [UInt64]?
    private let verified: Mutex<[UInt64]>
    /// The mapped file's device and inode, so that a damaged file is removed only if it is
    /// still the one under its name.
    private let file: (device: UInt64, inode: UInt64)

    private enum Storage {
        case memory(UnsafeMutableRawPointer?)
        case mapped(path: String, region: UnsafeMutableRawPointer, length: Int)
    }

    /// A zero-filled store in memory with `slots` images, which the loader fills through
    /// `writableSlot` before the store is shared.
    init(slots: Int, imageBytes: Int) throws {
        self.imageBytes = imageBytes
        self.slots = slots
        let region = slots * imageBytes == 0 ? nil : calloc(slots * imageBytes, 1)
        guard region != nil || slots * imageBytes == 0 else {
            throw InputError("dataset", "cannot allocate \(slots * imageBytes >> 20) MiB for \(slots) images")
        }
        storage = .memory(region)
        base = region.map { UnsafeRawPointer($0) }
        checksums = nil
        verified = Mutex([])
        file = (0, 0)
    }

    /// The memory of `slot` in an in-memory store, for filling it while loading; each
    /// slot is written by one thread only.
    func writableSlot(_ slot: Int) -> UnsafeMutableBufferPointer<UInt8> {
        guard case .memory(let region?) = storage else { return UnsafeMutableBufferPointer(start: nil, count: 0) }
        return UnsafeMutableBufferPointer(start: region.advanced(by: slot * imageBytes).assumingMemoryBound(to: UInt8.self),
                                          count: imageBytes)
    }

    /// Maps `slots * imageBytes` bytes of the file at `path` from `offset` (a multiple of the
    /// page size), read-only.
    init(mapping path: String, offset: Int, slots: Int, imageBytes: Int, checksums: [UInt64]) throws {
        self.imageBytes = imageBytes
        self.slots = slots
        let length = slots * imageBytes
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw InputError(path, "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw InputError(path, "cannot stat: \(String(cString: strerror(errno)))") }
        file = (UInt64(info.st_dev), UInt64(info.st_ino))
        if length == 0 {
            storage = .memory(nil)
            base = nil
        } else {
            guard let region = mmap(nil, length, PROT_READ, MAP_SHARED, fd, off_t(offset)), region != MAP_FAILED else {
                throw InputError(path, "cannot map \(length) bytes: \(String(cString: strerror(errno)))")
            }
            storage = .mapped(path: path, region: region, length: length)
            base = UnsafeRawPointer(region)
        }
        self.checksums = checksums
        verified = Mutex([UInt64](repeating: 0, count: (slots + 63) / 64))
    }

    deinit {
        switch storage {
        case .memory(let region): free(region)
        case .mapped(_, let region, let length): munmap(region, length)
        }
    }

    /// Whether the pixels live in a mapped cache file rather than in memory.
    public var isMapped: Bool {
        if case .mapped = storage { return true }
        return false
    }

    /// Calls `body` with the pixels of `slot`, verified against their checksum first when
    /// the store is mapped.
    func withPixels<R>(of slot: Int, id: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        let pixels = raw(slot)
        if let checksums, case .mapped(let path, _, _) = storage {
            let word = slot / 64, bit = UInt64(1) << UInt64(slot % 64)
            if verified.withLock({ $0[word] & bit }) == 0 {
                var sum = Checksum()
                sum.add(UnsafeRawBufferPointer(pixels))
                guard sum.value == checksums[slot] else {
                    // The mapping stays valid after the file is gone; the next load rebuilds it.
                    var info = stat()
                    if stat(path, &info) == 0, (UInt64(info.st_dev), UInt64(info.st_ino)) == file { unlink(path) }
                    throw InputError(path, at: "image \(slot) (\(id))",
                                     "its pixels fail their checksum, so the cache file is damaged; it has been removed "
                                     + "and the next load rebuilds it")
                }
                verified.withLock { $0[word] |= bit }
            }
        }
        return try body(pixels)
    }

    /// The pixels of `slot` as stored, unverified: for statistics over every image, which
    /// read each byte once anyway and must not fail part-way.
    func raw(_ slot: Int) -> UnsafeBufferPointer<UInt8> {
        guard let base else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base.advanced(by: slot * imageBytes).assumingMemoryBound(to: UInt8.self),
                                   count: imageBytes)
    }
}
