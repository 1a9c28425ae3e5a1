/// A registry whose builtins can ask for less engine work, for the script fuzz target: some
/// integer parameters (`size`, `count`, `epochs`, ...) get a ceiling, and some choices
/// (`encoder`) are narrowed to their cheap options. Every builtin keeps its code, its checks
/// and its errors, but one input can no longer ask for a 24-million-parameter model or a
/// full-size training run, so the fuzzer spends its executions on the lexer, parser,
/// evaluator and argument checks. A value over a ceiling, or a choice left out, is refused by
/// the same check a declared limit gets; a default outside the limit moves inside it.
/// Builtins named in `excluding` are left out, for those whose smallest call is still slow.
extension Registry {
    public func limitingWork(ceilings: [String: Int], choices: [String: [String]] = [:],
                             excluding excluded: Set<String> = []) -> Registry {
        let limited = Registry()
        for builtin in builtins.values where !excluded.contains(builtin.name) {
            var copy = builtin
            copy.parameters = builtin.parameters.map { parameter in
                if let ceiling = ceilings[parameter.name] { return parameter.capped(at: ceiling) }
                if let allowed = choices[parameter.name] { return parameter.narrowed(to: allowed) }
                return parameter
            }
            limited.add(copy)
        }
        return limited
    }
}

extension Parameter {
    /// The parameter with its integer range's top lowered to `ceiling` (an unranged integer
    /// gets the range `Int.min...ceiling`, leaving the builtin's own checks to refuse what is
    /// too small). Parameters of other types are returned as they are.
    func capped(at ceiling: Int) -> Parameter {
        guard case .integer = type else { return self }
        var lower = Int.min, upper = ceiling
        if case .integers(let range)? = rule {
            lower = range.lowerBound
            upper = max(lower, min(range.upperBound, ceiling))
        }
        var defaultValue = defaultValue
        if let n = defaultValue?.integer, n > upper { defaultValue = .number(Double(upper)) }
        return replacing(Domain(type: .integer, rule: .integers(lower...upper)), default: defaultValue)
    }

    /// The parameter offering only those of its choices that `allowed` names (all of them when
    /// it names none), its default moved to the first left when it was taken away.
    func narrowed(to allowed: [String]) -> Parameter {
        guard let choices, case let kept = choices.filter(allowed.contains), !kept.isEmpty else { return self }
        var defaultValue = defaultValue
        if case .string(let name)? = defaultValue, !kept.contains(name) { defaultValue = .string(kept[0]) }
        return replacing(Domain(type: type, rule: .choices(kept)), default: defaultValue)
    }

    private func replacing(_ domain: Domain, default defaultValue: Value?) -> Parameter {
        let replaced = Parameter(name, domain, default: defaultValue)
        return completions.map { replaced.completing($0) } ?? replaced
    }
}
