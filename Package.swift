// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Pleura",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pleura", targets: ["pleura"]),
        .executable(name: "pleura-bench", targets: ["pleura-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // System libraries, found through pkg-config (scripts/install-deps.sh installs them).
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg62-turbo-dev"])]),
        // zmq.h lies in /usr/include; libzmq's pkg-config adds Kerberos include flags SwiftPM refuses.
        .systemLibrary(name: "CZMQ", providers: [.apt(["libzmq3-dev"])]),
        // The C library's allocator tuning (malloc.h), which the Glibc module leaves out.
        .systemLibrary(name: "CMalloc"),
        // Open MPI, for data-parallel training under mpirun (openmpi-bin has the launcher).
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),

        // The engine, bottom to top: no target imports one listed after it, and every target
        // declares exactly the targets it imports (`make build` checks this). No target sets
        // unsafe flags, so the engine can be depended on as a package.
        .target(name: "Core"),
        .target(name: "Tensor", dependencies: ["Core", "CBLAS", "CMalloc"]),
        .target(name: "TensorIO", dependencies: ["Core", "Tensor"]),
        .target(name: "Imaging", dependencies: ["Core", "Tensor", "CPNG", "CJPEG"]),
        .target(name: "Data", dependencies: ["Core", "Tensor", "Imaging"]),
        .target(name: "Augment", dependencies: ["Core", "Tensor", "Imaging"]),
        .target(name: "Segmentation", dependencies: ["Core", "Tensor", "TensorIO", "Imaging", "Data", "Augment"]),
        // Data-parallel training over MPI: gradient all-reduce, agreed stops, rank 0's output.
        .target(name: "Distributed", dependencies: ["Core", "Tensor", "Segmentation", "CMPI"]),
        .target(name: "Render", dependencies: ["Core", "Tensor", "Imaging"]),
        .target(name: "Lang", dependencies: [
            "Core", "Tensor", "Imaging", "Data", "Augment", "Segmentation", "Distributed", "Render",
        ]),
        .target(name: "Notebook", dependencies: ["Core", "Tensor", "Segmentation", "Render", "Lang"]),
        // The Jupyter kernel: the messaging protocol over ZeroMQ, driving a Lang session.
        .target(name: "Kernel", dependencies: [
            "Core", "Tensor", "Imaging", "Render", "Lang", "CZMQ", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "pleura", dependencies: [
            "Core", "Tensor", "Imaging", "Data", "Distributed", "Lang", "Notebook", "Kernel", "CEditLine",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "pleura-bench", dependencies: [
            "Core", "Tensor", "TensorIO", "Imaging", "Data", "Augment", "Segmentation", "Distributed",
        ]),

        // The tests' one locator of the real sample files in ../shared/data.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
        .testTarget(name: "TensorTests", dependencies: ["Core", "Tensor", "TestSupport"]),
        .testTarget(name: "ImagingTests", dependencies: ["Core", "Tensor", "Imaging", "TestSupport"]),
        .testTarget(name: "DataTests", dependencies: ["Core", "Tensor", "Imaging", "Data", "TestSupport"]),
        .testTarget(name: "AugmentTests", dependencies: ["Core", "Tensor", "Imaging", "Augment", "TestSupport"]),
        .testTarget(name: "SegmentationTests", dependencies: [
            "Core", "Tensor", "TensorIO", "Imaging", "Data", "Augment", "Segmentation", "TestSupport",
        ]),
        .testTarget(name: "RenderTests", dependencies: ["Core", "Imaging", "Render", "TestSupport"]),
        .testTarget(name: "LangTests", dependencies: [
            "Core", "Tensor", "Imaging", "Data", "Augment", "Segmentation", "Lang", "TestSupport",
        ]),
        .testTarget(name: "NotebookTests", dependencies: ["Core", "Notebook", "TestSupport"]),
        .testTarget(name: "PleuraTests", dependencies: ["pleura", "Core", "TensorIO", "TestSupport"]),
        .testTarget(name: "KernelTests", dependencies: ["Kernel", "pleura", "Imaging", "TestSupport"]),
    ]
)

// libFuzzer targets (Fuzz/README.md), one per input format: `Fuzz/<name>/` builds
// `pleura-fuzz-<name>`. They exist only when PLEURA_FUZZ is set, because libFuzzer supplies
// their `main` and they link only with `-sanitize=fuzzer` (`make fuzz` builds them so).
let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
    ("dicom", ["Imaging"]),
    ("png", ["Imaging"]),
    ("jpeg", ["Imaging"]),
    ("labels", ["Data", "Imaging"]),
    ("rle", ["Data", "Imaging"]),
    ("safetensors", ["TensorIO"]),
    ("script", ["Lang", "Core", "Tensor"]),
    ("notebook", ["Notebook"]),
    ("options", ["Notebook"]),
    ("wire", ["Kernel"]),
]
if Context.environment["PLEURA_FUZZ"] != nil {
    package.targets += [
        .systemLibrary(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"], path: "Fuzz/FuzzSupport"),
    ]
    for target in fuzzTargets {
        package.targets.append(.executableTarget(
            name: "pleura-fuzz-\(target.name)", dependencies: ["FuzzSupport"] + target.dependencies,
            path: "Fuzz/\(target.name)"))
    }
}
