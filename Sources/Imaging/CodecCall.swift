import Core

/// Room for a C codec's error message (libjpeg's JMSG_LENGTH_MAX is 200; libpng's are shorter).
let codecMessageSize = 256

/// Runs one of the C wrappers in CPNG/CJPEG, which return 0 or -1 with a message, and turns
/// a failure into an `InputError` naming the source, the place and the codec's reason.
func callCodec(_ format: String, source: String, place: String = "",
               _ body: (UnsafeMutablePointer<CChar>) -> Int32) throws {
    var message = [CChar](repeating: 0, count: codecMessageSize)
    let status = message.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    if status != 0 {
        let reason = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        throw InputError(source, at: place, "invalid \(format): \(reason)")
    }
}
