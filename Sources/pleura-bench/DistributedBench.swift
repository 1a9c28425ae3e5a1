import Core
import Distributed
import Foundation
import Segmentation
import Tensor

/// Data-parallel training against threads on the same cores: the U-Net (base 16,
/// depth 4, batch norm) at 256², batch 4 per rank, Adam on BCE. Alone, it times one
/// process with 2 threads on the global batch of 8; under `mpirun -np 2` it times each rank
/// with 1 thread on its batch of 4, gradients averaged over MPI, and reports the share of
/// the step spent waiting for the all-reduces.
func distributedBench() throws {
    let world = Communicator.world
    var config = ModelConfig(.unet)
    config.base = 16
    config.depth = 4
    let perRank = 4, size = 256
    let batch = world.size > 1 ? perRank : 2 * perRank
    Parallel.threadCount = world.size > 1 ? 1 : 2
    // Each rank draws its own images, as ranks train on different batches.
    let (x, target) = randomBatch(batch, size: size, seed: 7 + UInt64(world.rank))
    let model = try makeModel(config)
    model.train()
    let optimizer = Adam(parameters: model.namedParameters(), learningRate: 1e-3)
    let loss = BinaryCrossEntropy()
    let ranks = world.size > 1 ? GradientAverager(world) : nil
    var stepSeconds = 0.0, steps = 0
    let step = try medianSeconds(runs: 5) {
        let start = DispatchTime.now().uptimeNanoseconds
        optimizer.zeroGrad()
        let value = try loss(model(x), target)
        if let ranks { try ranks.backwardAveraging(value, parameters: model.parameters) } else { try value.backward() }
        optimizer.step()
        stepSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        steps += 1
    }
    let images = Double(batch * world.size) / step
    let gradientMiB = Double(model.parameterCount * 4) / 1_048_576
    guard world.rank == 0 else { return }
    if let ranks {
        let share = ranks.allReduceWaitSeconds / stepSeconds
        print("\(world.size) ranks × 1 thread, batch \(perRank) per rank: \(fmt(images)) images/s, "
              + "\(fmt(gradientMiB)) MiB of gradients per step, waiting for all-reduces \(fmt(100 * share))% of the step")
    } else {
        print("1 process × 2 threads, batch \(batch): \(fmt(images)) images/s "
              + "(run `mpirun -np 2 pleura-bench distributed` for the ranks' row)")
    }
}
