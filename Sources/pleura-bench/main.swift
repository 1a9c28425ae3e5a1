// pleura-bench: prints the speed and memory figures the issues ask for.
// Run with `swift run -c release pleura-bench [SECTION...]`; with no argument, every section runs.
// Each section lives in its own file as a function that prints its figures.

import Distributed
import Tensor

let sections: [(name: String, run: () throws -> Void)] = [
    ("tensor", tensorBench),
    ("convs", { try convShapesBench(images: 4, size: 256) }),
    ("convs-small", { try convShapesBench(images: 8, size: 128) }),
    ("segmentation", segmentationBench),
    ("smp", { try smpBench(encoder: "resnet34") }),
    ("smp-effnet", { try smpBench(encoder: "timm-efficientnet-b0") }),
    ("inference", inferenceBench),
    ("fit", fitBench),
    ("highres", highResolutionBench),
    ("data", dataBench),
    ("augment", augmentBench),
    ("imaging", imagingBench),
    ("optim", optimBench),
    ("losses", lossBench),
    ("distributed", distributedBench),
]

let wanted = Set(CommandLine.arguments.dropFirst())
if Communicator.world.rank == 0 {
    // Which kernels ran the products is part of every figure (Tensor/OpenBLASKernels.swift).
    print("OpenBLAS kernels: \(OpenBLASKernels.core)"
          + (OpenBLASKernels.replaced.map { " (OpenBLAS had picked \($0) by itself)" } ?? ""))
}
for section in sections where wanted.isEmpty || wanted.contains(section.name) {
    // Under mpirun every rank runs the sections; rank 0 alone prints.
    if Communicator.world.rank == 0 { print("== \(section.name)") }
    do { try section.run() } catch { print("\(section.name) failed: \(error)") }
}
