import CLibFuzzer
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs libFuzzer's driver with the process's command line, calling `body` on each input,
/// and exits with the driver's status. A fuzz target's `main.swift` is one call of this.
///
/// Inputs that make `body` throw or return early are simply uninteresting; only a crash,
/// a sanitizer report, a timeout or running out of memory is a finding.
public func fuzz(_ body: @escaping (UnsafeBufferPointer<UInt8>) -> Void) -> Never {
    target = body
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in testOneInput(data, size) }
    exit(status)
}

/// libFuzzer's entry for one input. The driver above calls it; it is also exported under
/// libFuzzer's own name because a debug build links libFuzzer's `main` object (SwiftPM
/// renames the Swift entry point and aliases `main` to it), which refers to that name. The
/// alias wins, so the target's main.swift still starts the driver.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    target?(UnsafeBufferPointer(start: data, count: size))
    return 0
}

/// The target's body; libFuzzer's callback is a C function pointer and cannot capture it.
/// libFuzzer calls it from one thread.
nonisolated(unsafe) private var target: ((UnsafeBufferPointer<UInt8>) -> Void)?
