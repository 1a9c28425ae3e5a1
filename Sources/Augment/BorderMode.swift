/// How a sample outside the source is filled (OpenCV's `borderMode`).
public enum BorderMode: String, Sendable, CaseIterable {
    /// `gfedcb|abcdefgh|gfedcba`: mirror without repeating the edge (cv2.BORDER_REFLECT_101,
    /// albumentations' default before 2.0).
    case reflect101
    /// `fedcba|abcdefgh|hgfedcb`: mirror repeating the edge (cv2.BORDER_REFLECT, scipy's "reflect").
    case reflect
    /// `aaaaaa|abcdefgh|hhhhhhh`: repeat the edge pixel (cv2.BORDER_REPLICATE).
    case replicate
    /// A fixed value (`value` for the image, `mask_value` for the mask; cv2.BORDER_CONSTANT).
    case constant

    /// The index inside `0..<n` that stands for `i` (any integer), or -1 where the border
    /// is the constant. `n` must be positive.
    @inline(__always)
    func index(_ i: Int, _ n: Int) -> Int {
        if i >= 0 && i < n { return i }
        switch self {
        case .constant:
            return -1
        case .replicate:
            return i < 0 ? 0 : n - 1
        case .reflect101:
            if n == 1 { return 0 }
            let period = 2 * (n - 1)
            var r = i % period
            if r < 0 { r += period }
            return r < n ? r : period - r
        case .reflect:
            let period = 2 * n
            var r = i % period
            if r < 0 { r += period }
            return r < n ? r : period - 1 - r
        }
    }
}

/// The border mode with the fill values used by `constant`.
struct Border: Sendable {
    var mode: BorderMode
    var value: Float
    var maskValue: UInt8
}
