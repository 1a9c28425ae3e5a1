import Foundation
import Core
import Lang

/// Runs one block in the notebook's session, or restores it from the cache, and stores it
/// when it is worth storing.
struct BlockExecution {
    enum Source { case ran, restored, skipped }

    struct Outcome {
        var items: [OutputItem]
        /// The figure files written for the block, by link.
        var figures: [String: String]
        var failed: Bool
        var source: Source
    }

    let session: Session
    let sink: NotebookSink
    let cache: BlockCache
    let options: RunOptions
    /// The notebook's file name, for error locations.
    let sourceName: String
    /// The parameters as statements, part of every key.
    let parameterKey: String

    /// The cache key of `block`: the build of Pleura running it, its code and options, the
    /// parameters, and the key of the block before it, which covers every earlier block.
    /// Prose is not part of it.
    static func key(_ block: CodeBlock, chain: String, parameters: String) -> String {
        var hash = Checksum()
        for part in ["pleura-notebook-cache-2", EngineBuild.identity, chain, block.options.canonical, parameters, block.code] {
            hash.add(part)
        }
        return hash.hex
    }

    func run(_ block: CodeBlock, number: Int, key: String, injecting parameters: [NotebookParameter]) throws -> Outcome {
        if block.options.skip { return Outcome(items: [], figures: [:], failed: false, source: .skipped) }
        sink.begin(block: number)
        if block.options.cache != .never, !options.refresh, let entry = cache.entry(key),
           let outcome = restore(entry, key: key) {
            return outcome
        }
        let before = VariableSnapshot(session)
        let recordedBefore = session.statements.count
        let started = Date()
        let succeeded = execute(block, injecting: parameters)
        let elapsed = Date().timeIntervalSince(started)
        let items = OutputItem.merged(sink.items)
        let worthStoring = block.options.cache == .always
            || (block.options.cache == .auto && elapsed >= options.cacheAfterSeconds)
        if !options.check {
            // An entry under this key that was not used (refresh, or a block that no longer
            // qualifies) is out of date: replace it or remove it.
            cache.remove(key)
            if succeeded, worthStoring, !RunInterruption.noted {
                store(key: key, items: items, assigned: before.changed(in: session),
                      recorded: Array(session.statements[recordedBefore...]))
            }
        }
        return Outcome(items: items, figures: sink.written, failed: !succeeded, source: .ran)
    }

    /// Runs the block's statements in order, stopping at the first failure (reported
    /// inline). A parameter replaces the first block's assignment of the same name.
    private func execute(_ block: CodeBlock, injecting parameters: [NotebookParameter]) -> Bool {
        let source = SourceText(block.code, name: sourceName, firstLine: block.firstCodeLine)
        for parsed in Parser.parse(source) {
            do throws(LangError) {
                var statement = try parsed.get()
                if case .assignment(let name, _, _) = statement.kind, let p = parameters.first(where: { $0.name == name }) {
                    session.print("parameter \(p.assignment) (from --param)")
                    statement = try p.statement()
                }
                try session.execute(statement)
            } catch {
                session.report(error)
                return false
            }
        }
        return true
    }

    /// Puts back what a stored block did; nil (and the block runs) if its state cannot be read.
    private func restore(_ entry: BlockCache.Entry, key: String) -> Outcome? {
        let folder = cache.folder(key)
        var reader = ValueReader(directory: folder)
        do {
            for variable in entry.variables {
                session.restore(variable: variable.name,
                                to: try reader.value(variable.value, existing: session.variables[variable.name]))
            }
            var figures: [String: String] = [:]
            try FileManager.default.createDirectory(atPath: sink.writeDirectory, withIntermediateDirectories: true)
            for (link, file) in entry.figures.sorted(by: { $0.key < $1.key }) {
                let target = sink.writeDirectory + "/" + (link as NSString).lastPathComponent
                try? FileManager.default.removeItem(atPath: target)
                try FileManager.default.copyItem(atPath: folder + "/" + file, toPath: target)
                figures[link] = target
            }
            session.restore(recorded: entry.recorded)
            session.restore(seed: entry.seed, random: entry.random)
            return Outcome(items: entry.outputs, figures: figures, failed: false, source: .restored)
        } catch {
            return nil
        }
    }

    /// Stores the block, unless something it assigned cannot be stored.
    private func store(key: String, items: [OutputItem], assigned: [String], recorded: [String]) {
        guard let scratch = try? cache.scratch() else { return }
        var writer = ValueWriter(directory: scratch)
        var variables: [BlockCache.Entry.Variable] = []
        do {
            for name in assigned {
                guard let value = session.variables[name], let stored = try writer.store(value) else {
                    cache.discard(scratch)
                    return
                }
                variables.append(.init(name: name, value: stored))
            }
            var figures: [String: String] = [:]
            for (link, file) in sink.written.sorted(by: { $0.key < $1.key }) {
                let copy = "figure-" + (link as NSString).lastPathComponent
                try FileManager.default.copyItem(atPath: file, toPath: scratch + "/" + copy)
                figures[link] = copy
            }
            let entry = BlockCache.Entry(key: key, outputs: items, figures: figures, variables: variables,
                                         recorded: recorded, seed: session.seed, random: session.random, digests: [:])
            try cache.commit(entry, from: scratch)
        } catch {
            cache.discard(scratch)
        }
    }
}

/// The session's variables before a block, to tell which ones the block assigned or
/// (for models, trained or reloaded in place) changed.
struct VariableSnapshot {
    private var values: [String: (value: Value, fingerprint: [UInt64]?)] = [:]

    init(_ session: Session) {
        for (name, value) in session.variables { values[name] = (value, Self.fingerprint(value)) }
    }

    /// The names whose value is new or different, sorted.
    func changed(in session: Session) -> [String] {
        session.variables.keys.sorted().filter { name in
            guard let now = session.variables[name], let before = values[name] else { return true }
            return !Self.same(before.value, now) || before.fingerprint != Self.fingerprint(now)
        }
    }

    private static func fingerprint(_ value: Value) -> [UInt64]? {
        if case .object(let model as ModelObject) = value { return model.stateFingerprint }
        return nil
    }

    /// Equality that tells two definitions of a function apart.
    private static func same(_ a: Value, _ b: Value) -> Bool {
        if case .function(.user(let f)) = a, case .function(.user(let g)) = b { return f === g }
        return a.isEqual(to: b)
    }
}
