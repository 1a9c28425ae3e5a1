import Core
import Tensor

/// 2-D convolution with PyTorch's parameter names (`weight`, `bias`) and layout.
/// Initialised He-normal for the activation that follows, so deep U-Nets start well scaled.
public final class Conv2d: Module, Layer {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: Spatial, padding: Spatial, dilation: Spatial, groups: Int

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Spatial = 1, padding: Spatial? = nil,
                dilation: Spatial = 1, groups: Int = 1, bias: Bool = true, negativeSlope: Float = 0,
                generator: inout SeededGenerator) {
        self.stride = stride
        self.padding = padding ?? Spatial(dilation.h * (kernel - 1) / 2, dilation.w * (kernel - 1) / 2)
        self.dilation = dilation
        self.groups = groups
        let fanIn = inChannels / groups * kernel * kernel
        weight = Initializer.kaimingNormal([outChannels, inChannels / groups, kernel, kernel], fanIn: fanIn,
                                           negativeSlope: negativeSlope, generator: &generator)
        self.bias = bias ? Tensor(zeros: [outChannels]) : nil
        super.init()
        parameter("weight", weight)
        if let b = self.bias { parameter("bias", b) }
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        let y = try x.conv2d(weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
        noteProfile(y)
        return y
    }

    /// Records output `y` in the layer profile, whichever path computed it.
    func noteProfile(_ y: Tensor) {
        LayerProfile.note("conv\(weight.shape[2])x\(weight.shape[3])", y, parameters: parameterCount,
                          flops: 2 * Double(y.count) * Double(weight.count / weight.shape[0]))
    }
}

/// Transposed convolution (learned upsampling), PyTorch layout `[in, out/groups, kh, kw]`.
public final class ConvTranspose2d: Module, Layer {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: Spatial, padding: Spatial, outputPadding: Spatial

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Spatial = 1, padding: Spatial = 0,
                outputPadding: Spatial = 0, bias: Bool = true, generator: inout SeededGenerator) {
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
        weight = Initializer.kaimingNormal([inChannels, outChannels, kernel, kernel],
                                           fanIn: inChannels * kernel * kernel / max(1, stride.h * stride.w),
                                           generator: &generator)
        self.bias = bias ? Tensor(zeros: [outChannels]) : nil
        super.init()
        parameter("weight", weight)
        if let b = self.bias { parameter("bias", b) }
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        let y = try x.convTranspose2d(weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding)
        LayerProfile.note("convT\(weight.shape[2])x\(weight.shape[3])", y, parameters: parameterCount,
                          flops: 2 * Double(x.count) * Double(weight.count / weight.shape[0]))
        return y
    }
}
