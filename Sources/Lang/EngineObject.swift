/// An object of the engine (dataset, tensor, transform, model, ...) as the language sees
/// it. The evaluator only talks to this protocol, so a new kind of object is one
/// conforming wrapper class plus its builtins, with no change to the evaluator.
///
/// Every requirement but `kind` and `summary` has a default: an object that is not
/// indexable, has no members and takes no part in arithmetic.
public protocol EngineObject: AnyObject {
    /// The kind's name in messages and parameter types: "dataset", "tensor".
    var kind: String { get }
    /// One line, shown when a statement's value is printed and in `:vars`.
    var summary: String { get }
    /// The longer `describe` view.
    var details: String { get }
    /// What a statement whose value is this object prints: the summary, or for a figure the
    /// picture itself (in colour when `color`).
    func display(color: Bool) -> String

    /// Names of the members reachable with `.name`, for completion and suggestions.
    var memberNames: [String] { get }
    /// The member `name`, or nil if there is none.
    func member(_ name: String) throws -> Value?

    /// The number of items, for objects that can be indexed and sliced; nil otherwise.
    var count: Int? { get }
    /// The item at `index` (already checked to be in `0..<count`).
    func element(at index: Int) throws -> Value
    /// The items in `range` (already clamped to `0...count`).
    func slice(_ range: Range<Int>) throws -> Value

    /// `self op other` (or `other op self` when `reversed`), or nil when the object does not
    /// support that combination; the evaluator then reports a type error.
    func binary(_ op: BinaryOperator, _ other: Value, reversed: Bool) throws -> Value?
    /// `-self`, or nil when negation means nothing for this kind.
    func negated() throws -> Value?

    /// `self(arguments...)` for objects that can be called like functions (a loss on
    /// logits and a target), or nil when this kind cannot be called.
    func call(_ arguments: [Value], in session: Session) throws -> Value?
}

extension EngineObject {
    public var details: String { summary }
    public func display(color: Bool) -> String { summary }
    public var memberNames: [String] { [] }
    public func member(_ name: String) throws -> Value? { nil }
    public var count: Int? { nil }
    public func element(at index: Int) throws -> Value {
        throw LangError("a \(kind) cannot be indexed")
    }
    public func slice(_ range: Range<Int>) throws -> Value {
        throw LangError("a \(kind) cannot be sliced")
    }
    public func binary(_ op: BinaryOperator, _ other: Value, reversed: Bool) throws -> Value? { nil }
    public func negated() throws -> Value? { nil }
    public func call(_ arguments: [Value], in session: Session) throws -> Value? { nil }
}
