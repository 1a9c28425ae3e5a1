import Foundation
import Core
import Tensor

/// The binary operators on plain values, and the hand-off to engine objects for the rest
/// (tensor arithmetic, transform composition).
enum Operators {
    static func binary(_ op: BinaryOperator, _ left: Value, _ right: Value,
                       at range: SourceRange) throws(LangError) -> Value {
        switch (op, left, right) {
        case let (.equal, l, r): return .bool(l.isEqual(to: r))
        case let (.notEqual, l, r): return .bool(!l.isEqual(to: r))
        case let (_, .number(a), .number(b)):
            if let result = arithmetic(op, a, b) { return result }
        case let (.add, .string(a), .string(b)): return .string(a + b)
        case let (.add, .list(a), .list(b)):
            // A list doubled in a loop would otherwise grow until memory runs out.
            guard a.count + b.count <= Registry.listLimit else {
                throw LangError("the joined list would have \(a.count + b.count) items; at most \(Registry.listLimit) fit in a list",
                                at: range)
            }
            return .list(a + b)
        case let (_, .string(a), .string(b)):
            if let result = compare(op, a, b) { return result }
        case let (_, .object(o), other):
            if let result = try guarded(range, { try o.binary(op, other, reversed: false) }) { return result }
        case let (_, other, .object(o)):
            if let result = try guarded(range, { try o.binary(op, other, reversed: true) }) { return result }
        default: break
        }
        throw LangError("cannot apply `\(op.rawValue)` to a \(left.typeName) and a \(right.typeName)", at: range)
    }

    private static func arithmetic(_ op: BinaryOperator, _ a: Double, _ b: Double) -> Value? {
        switch op {
        case .add: .number(a + b)
        case .subtract: .number(a - b)
        case .multiply: .number(a * b)
        case .divide: .number(a / b)
        case .remainder: .number(a.truncatingRemainder(dividingBy: b))
        case .power: .number(pow(a, b))
        default: compare(op, a, b)
        }
    }

    private static func compare<T: Comparable>(_ op: BinaryOperator, _ a: T, _ b: T) -> Value? {
        switch op {
        case .less: .bool(a < b)
        case .lessEqual: .bool(a <= b)
        case .greater: .bool(a > b)
        case .greaterEqual: .bool(a >= b)
        default: nil
        }
    }

    /// Runs engine code, turning whatever it throws into a `LangError` at `range`
    /// (an `InputError` keeps its file, place and reason in the message).
    static func guarded<T>(_ range: SourceRange, _ body: () throws -> T) throws(LangError) -> T {
        do {
            return try body()
        } catch is Interrupted {
            var error = LangError("interrupted by Ctrl-C; the variables are as they were before this statement", at: range)
            error.interrupted = true
            throw error
        } catch let error as LangError {
            var located = error
            if located.range == nil { located.range = range }
            throw located
        } catch {
            throw LangError(String(describing: error), at: range)
        }
    }
}
