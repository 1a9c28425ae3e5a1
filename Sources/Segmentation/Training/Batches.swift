import Augment
import Core
import Data
import Imaging
import Tensor

/// A batch as the network sees it: images `[N, 1, S, S]` and 0/1 targets of the same shape.
public struct Batch {
    public let images: Tensor
    public let targets: Tensor
    public let ids: [String]
}

extension Dataset {
    /// The samples at `indices` as tensors, augmented (each pair from its own generator
    /// forked from `seed`, in parallel) when a transform is given.
    public func batch(_ indices: [Int], augmentation: (any Transform)? = nil, seed: UInt64 = 0) throws -> Batch {
        var pairs: [Augment.Pair] = []
        pairs.reserveCapacity(indices.count)
        for i in indices {
            let s = try self[i]
            guard let mask = s.mask else {
                throw InputError(origin, at: "sample \(i) (\(s.id))", "has no mask; training and evaluation need labelled samples")
            }
            pairs.append(try Augment.Pair(image: s.image, mask: mask, source: s.id))
        }
        if let augmentation {
            pairs = augmentation.apply(to: pairs, seed: seed).map(\.pair)
        }
        return Batch.stacking(pairs, ids: indices.map { ids[$0] })
    }
}

extension Batch {
    static func stacking(_ pairs: [Augment.Pair], ids: [String]) -> Batch {
        let masks = pairs.map { p in Image(width: p.mask.width, height: p.mask.height, pixels: p.mask.pixels.map { Float($0) }) }
        return Batch(images: stack(pairs.map(\.image)), targets: stack(masks), ids: ids)
    }

    /// Stacks same-size images into `[N, 1, H, W]`.
    static func stack(_ images: [Image]) -> Tensor {
        let h = images.first?.height ?? 0, w = images.first?.width ?? 0
        var data = [Float]()
        data.reserveCapacity(images.count * h * w)
        for im in images { data.append(contentsOf: im.pixels) }
        return Tensor(shape: [images.count, 1, h, w], data: data)
    }
}
