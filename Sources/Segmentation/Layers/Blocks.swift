import Core
import Tensor

/// conv3x3 → norm → activation, twice: the U-Net's basic unit. The convolutions carry no
/// bias when a normalisation follows (its shift makes the bias redundant).
public final class DoubleConv: Module, Layer {
    let conv1: Conv2d, norm1: NormAct, conv2: Conv2d, norm2: NormAct
    let dropout: Dropout?

    public init(_ inChannels: Int, _ outChannels: Int, norm: NormKind, activation: Activation,
                dropout p: Float = 0, generator: inout SeededGenerator) {
        let bias = norm == .none
        conv1 = Conv2d(inChannels, outChannels, kernel: 3, bias: bias, negativeSlope: activation.negativeSlope, generator: &generator)
        norm1 = NormAct(norm, channels: outChannels, activation: activation)
        conv2 = Conv2d(outChannels, outChannels, kernel: 3, bias: bias, negativeSlope: activation.negativeSlope, generator: &generator)
        norm2 = NormAct(norm, channels: outChannels, activation: activation)
        dropout = p > 0 ? Dropout(p, generator: &generator) : nil
        super.init()
        child("conv1", conv1); child("norm1", norm1)
        child("conv2", conv2); child("norm2", norm2)
        if let dropout { child("dropout", dropout) }
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        let h = try norm2(conv2, norm1(conv1, x))
        return try dropout?(h) ?? h
    }
}

/// How a decoder doubles the resolution.
public enum Upsampling: String, Sendable, CaseIterable {
    /// A learned 2x2 stride-2 transposed convolution.
    case transpose
    /// Nearest-neighbour doubling, then a 1x1 convolution to the new width.
    case nearest
    /// Bilinear doubling (align_corners=false), then a 1x1 convolution.
    case bilinear
}

/// Doubles the spatial size and maps `inChannels` to `outChannels`.
public final class Upsample: Module, Layer {
    let mode: Upsampling
    let transposed: ConvTranspose2d?
    let projection: Conv2d?

    public init(_ inChannels: Int, _ outChannels: Int, mode: Upsampling, generator: inout SeededGenerator) {
        self.mode = mode
        if mode == .transpose {
            transposed = ConvTranspose2d(inChannels, outChannels, kernel: 2, stride: 2, generator: &generator)
            projection = nil
        } else {
            transposed = nil
            projection = Conv2d(inChannels, outChannels, kernel: 1, generator: &generator)
        }
        super.init()
        if let transposed { child("up", transposed) }
        if let projection { child("conv", projection) }
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        switch mode {
        case .transpose: return try transposed!(x)
        case .nearest: return try projection!(x.upsampled(scale: 2, mode: .nearest))
        case .bilinear: return try projection!(x.upsampled(scale: 2, mode: .bilinear))
        }
    }
}

/// Concurrent spatial and channel squeeze-and-excitation (scSE, Roy et al. 2018), as smp's
/// decoder attention: x·σ(fc(gap(x))) + x·σ(conv1x1(x)).
public final class SCSE: Module, Layer {
    let squeeze: Conv2d, excite: Conv2d, spatial: Conv2d

    public init(_ channels: Int, reduction: Int = 16, generator: inout SeededGenerator) {
        let hidden = max(1, channels / reduction)
        squeeze = Conv2d(channels, hidden, kernel: 1, generator: &generator)
        excite = Conv2d(hidden, channels, kernel: 1, generator: &generator)
        spatial = Conv2d(channels, 1, kernel: 1, generator: &generator)
        super.init()
        child("cSE.1", squeeze); child("cSE.3", excite); child("sSE.0", spatial)
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        let channelGate = try excite(squeeze(x.globalAvgPool2d()).relu()).sigmoid()
        let spatialGate = try spatial(x).sigmoid()
        return try x * channelGate + x * spatialGate
    }
}

/// A 1x1 convolution to one logit channel.
func segmentationHead(_ channels: Int, generator: inout SeededGenerator) -> Conv2d {
    Conv2d(channels, 1, kernel: 1, generator: &generator)
}
