import Core
import Segmentation
import Tensor
import Testing

/// SWA and EMA against their definitions, worked by hand.
@Suite struct OptimWeightAverageTests {
    /// SWA from epoch 1: snapshots at the ends of epochs 1, 2, 3 of weights 2, 4, 9 give their
    /// plain mean 5; epoch 0's weight 100 never enters.
    @Test func swaIsTheEqualAverageFromItsFirstEpoch() {
        let w = Tensor(shape: [2], data: [0, 0], requiresGrad: true)
        let swa = WeightAverage(.swa(fromEpoch: 1), parameters: [("w", w)])
        for (epoch, value) in [(0, Float(100)), (1, 2), (2, 4), (3, 9)] {
            w.data = [value, -value]
            swa.stepEnded() // SWA ignores steps.
            swa.epochEnded(epoch)
        }
        #expect(swa.count == 3)
        #expect(swa.averagedParameters[0].tensor.data == [5, -5])
        #expect(w.data == [9, -9])
        swa.copyToParameters()
        #expect(w.data == [5, -5])
    }

    /// EMA with decay 0.5: the first step copies (4), then 0.5·4 + 0.5·8 = 6, then 0.5·6 + 0.5·0 = 3.
    @Test func emaFollowsEveryStep() {
        let w = Tensor(shape: [1], data: [0], requiresGrad: true)
        let ema = WeightAverage(.ema(decay: 0.5), parameters: [("w", w)])
        var seen: [Float] = []
        for value: Float in [4, 8, 0] {
            w.data = [value]
            ema.stepEnded()
            ema.epochEnded(0) // EMA ignores epochs.
            seen.append(ema.averagedParameters[0].tensor.data[0])
        }
        #expect(seen == [4, 6, 3])
    }

    /// Nothing is averaged yet: copying back leaves the weights alone.
    @Test func copyBeforeAnyUpdateChangesNothing() {
        let w = Tensor(shape: [1], data: [7], requiresGrad: true)
        WeightAverage(.swa(fromEpoch: 0), parameters: [("w", w)]).copyToParameters()
        #expect(w.data == [7])
    }

    @Test func stateRoundTripsAndResumes() throws {
        let w = Tensor(shape: [1], data: [2], requiresGrad: true)
        let swa = WeightAverage(.swa(fromEpoch: 0), parameters: [("w", w)])
        swa.update()
        w.data = [4]
        swa.update()
        let resumed = WeightAverage(.swa(fromEpoch: 0), parameters: [("w", w)])
        try resumed.loadState(swa.stateTensors(), source: "ckpt")
        #expect(resumed.count == 2)
        w.data = [9]
        resumed.update()
        #expect(resumed.averagedParameters[0].tensor.data == [5])
        #expect(throws: InputError.self) { try resumed.loadState([("n_averaged", Tensor(1))], source: "ckpt") }
    }

    /// The reset before `update_bn`: running means 0, variances 1, counts 0, in the very tensors
    /// the layers hold; parameters untouched.
    @Test func batchNormStatisticsReset() {
        final class Norm: Module {
            let running = RunningStatistics(channels: 2)
            let count = Tensor(5)
            override init() {
                super.init()
                parameter("weight", Tensor(shape: [2], data: [3, 3]))
                buffer("running_mean", running.mean)
                buffer("running_var", running.variance)
                buffer("num_batches_tracked", count)
            }
        }
        final class Net: Module {
            let a = Norm(), b = Norm()
            override init() {
                super.init()
                child("a", a)
                child("b", b)
            }
        }
        let net = Net()
        for norm in [net.a, net.b] {
            norm.running.mean.data = [0.5, -2]
            norm.running.variance.data = [4, 9]
        }
        #expect(resetRunningStatistics(of: net) == 2)
        for norm in [net.a, net.b] {
            #expect(norm.running.mean.data == [0, 0])
            #expect(norm.running.variance.data == [1, 1])
            #expect(norm.count.data == [0])
        }
        #expect(net.namedParameters().allSatisfy { $0.tensor.data == [3, 3] })
    }
}
