// swift-tools-version:6.0
import PackageDescription

// Hot kernels are compiled without exclusivity checks; bounds stay checked in debug.
let fast: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"])]

let package = Package(
    name: "Pleura",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pleura", targets: ["pleura"]),
        .executable(name: "pleura-bench", targets: ["pleura-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries, found through pkg-config (scripts/install-deps.sh installs them).
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg62-turbo-dev"])]),
        // The C library's allocator tuning (malloc.h), which the Glibc module leaves out.
        .systemLibrary(name: "CMalloc"),

        // The engine, bottom to top: no target imports one listed after it.
        .target(name: "Tensor", dependencies: ["CBLAS", "CMalloc"], swiftSettings: fast),
        .target(name: "Imaging", dependencies: ["Tensor", "CPNG", "CJPEG"], swiftSettings: fast),
        .target(name: "Data", dependencies: ["Tensor", "Imaging"], swiftSettings: fast),
        .target(name: "Augment", dependencies: ["Tensor", "Imaging"], swiftSettings: fast),
        .target(name: "Segmentation", dependencies: ["Tensor", "Imaging", "Data", "Augment"], swiftSettings: fast),
        .target(name: "Render", dependencies: ["Tensor", "Imaging", "Data"], swiftSettings: fast),
        .target(name: "Lang", dependencies: ["Tensor", "Imaging", "Data", "Augment", "Segmentation", "Render"]),
        .target(name: "Notebook", dependencies: ["Lang", "Render"]),
        .executableTarget(name: "pleura", dependencies: [
            "Lang", "Notebook", "Data", "CEditLine",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "pleura-bench", dependencies: [
            "Tensor", "Imaging", "Data", "Augment", "Segmentation", "Render",
        ], swiftSettings: fast),

        // The tests' one locator of the real sample files in ../shared/data.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "TestSupport"]),
        .testTarget(name: "DataTests", dependencies: ["Data", "Imaging", "TestSupport"]),
        .testTarget(name: "AugmentTests", dependencies: ["Augment", "Imaging", "TestSupport"]),
        .testTarget(name: "SegmentationTests", dependencies: ["Segmentation", "Tensor", "Data"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "Imaging", "TestSupport"]),
        .testTarget(name: "LangTests", dependencies: ["Lang", "TestSupport"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook"]),
        .testTarget(name: "PleuraTests", dependencies: ["pleura"]),
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
    ("safetensors", ["Segmentation", "Imaging"]),
    ("script", ["Lang", "Tensor"]),
    ("notebook", ["Notebook"]),
    ("options", ["Notebook"]),
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
