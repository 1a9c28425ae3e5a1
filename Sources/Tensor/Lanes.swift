/// Eight floats, the vector the hand-written kernels (Winograd's transforms, the small
/// products) work in, with unaligned loads and stores from float pointers.
typealias Lane = SIMD8<Float>

extension UnsafePointer<Float> {
    @inline(__always) func lane(_ offset: Int) -> Lane { UnsafeRawPointer(self + offset).loadUnaligned(as: Lane.self) }
}

extension UnsafeMutablePointer<Float> {
    @inline(__always) func lane(_ offset: Int) -> Lane { UnsafePointer(self).lane(offset) }
    @inline(__always) func store(_ v: Lane) { UnsafeMutableRawPointer(self).storeBytes(of: v, as: Lane.self) }
}
