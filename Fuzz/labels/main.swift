import Data
import FuzzSupport

// Parse the bytes as a `train-rle.csv` label file in both RLE formats, on a small mask so
// that valid runs are common, then build each image's mask.
fuzz { bytes in
    for format in [RLEFormat.relative, .standard] {
        guard let labels = try? Labels(csv: Array(bytes), width: 64, height: 64, format: format) else { continue }
        for image in labels.images { _ = labels.mask(for: image.id) }
    }
}
