import Segmentation

/// A training setting as a value: a learning-rate schedule (`cosine(warmup=2)`) or an
/// optimizer (`sgd(momentum=0.8)`). It prints in the call syntax that made it.
public final class SettingObject<Setting: CustomStringConvertible & Sendable>: EngineObject {
    public let kind: String
    public let setting: Setting

    public init(_ setting: Setting, kind: String) {
        self.setting = setting
        self.kind = kind
    }

    public var summary: String { setting.description }
}
