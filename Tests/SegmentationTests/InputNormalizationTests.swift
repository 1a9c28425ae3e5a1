import Imaging
import Segmentation
import Tensor
import Testing

/// A model records the normalisation it expects and applies it itself.
@Suite struct InputNormalizationTests {
    private func pair(channels: Int) throws -> (normalised: any SegmentationModel, plain: any SegmentationModel) {
        var config = ModelConfig(.smpunet)
        config.encoder = "resnet18"
        config.decoderChannels = [16, 16, 16, 8, 8]
        config.inChannels = channels
        config.seed = 3
        #expect(config.normalize == "imagenet", "smp_unet expects ImageNet statistics unless told otherwise")
        let normalised = try makeModel(config)
        config.normalize = "none"
        return (normalised, try makeModel(config))
    }

    /// predict on the ImageNet-normalised model equals the same weights applied to the input
    /// normalised by hand: (x − 0.449) / 0.226 for one channel.
    @Test func predictAppliesTheRecordedNormalisation() throws {
        let (normalised, plain) = try pair(channels: 1)
        let images = (0..<2).map { k in
            Image(width: 40, height: 36, pixels: (0..<(40 * 36)).map { Float(($0 * 7 + k * 13) % 101) / 100 })
        }
        let byHand = images.map { im in Image(width: im.width, height: im.height, pixels: im.pixels.map { ($0 - 0.449) / 0.226 }) }
        let predicted = try Predictor([.init(normalised)]).probabilities(images)
        let expected = try Predictor([.init(plain)]).probabilities(byHand)
        for (p, e) in zip(predicted, expected) {
            let worst = zip(p.pixels, e.pixels).map { abs($0 - $1) }.max()!
            #expect(worst <= 1e-5, "largest difference \(worst)")
        }
        let unnormalised = try Predictor([.init(plain)]).probabilities(images)
        #expect(unnormalised[0].pixels != predicted[0].pixels, "the normalisation must change the prediction")
    }

    /// Three channels use ImageNet's per-channel means and stds.
    @Test func threeChannelsUseImageNetsPerChannelStatistics() throws {
        let (normalised, plain) = try pair(channels: 3)
        normalised.eval(); plain.eval()
        let plane = 32 * 32
        let x = Tensor(shape: [1, 3, 32, 32], data: (0..<(3 * plane)).map { Float(($0 * 11) % 97) / 96 })
        let (mean, std): ([Float], [Float]) = ([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
        let byHand = Tensor(shape: x.shape, data: x.data.enumerated().map { i, v in (v - mean[i / plane]) / std[i / plane] })
        let a = try Autograd.withoutGradients { try normalised(x) }
        let b = try Autograd.withoutGradients { try plain(byHand) }
        let worst = zip(a.data, b.data).map { abs($0 - $1) }.max()!
        let scale = b.data.map(abs).max()!
        #expect(worst <= 1e-5 * max(1, scale), "largest difference \(worst) against largest logit \(scale)")
    }

    @Test func theCallShowsTheNormalisation() {
        var config = ModelConfig(.smpunet)
        config.seed = 1
        #expect(config.call == "smp_unet(encoder=\"resnet34\", normalize=\"imagenet\", seed=1)")
        config.normalize = "none"
        config.attention = true
        config.decoderChannels = [64, 32, 16, 16, 16]
        #expect(config.call == "smp_unet(encoder=\"resnet34\", decoder_channels=[64, 32, 16, 16, 16], attention=\"scse\", normalize=\"none\", seed=1)")
    }
}
