import Tensor

extension Registry {
    /// `threads`: the engine's one thread setting, which bounds every parallel loop and GEMM.
    func addThreads() {
        add(Builtin("threads", .core, [Parameter("n", .integer(in: 1...256), default: Value.none)],
                    help: "Shows or sets how many threads the engine uses: no loop or matrix product runs on more "
                        + "(OpenBLAS stays on one thread; the engine splits its products itself). "
                        + "Runs repeat exactly at a given thread count; a different count may change sums in the last bits.",
                    example: "threads") { args in
            if let n = try args.optionalInt("n") {
                Parallel.threadCount = n
            }
            return .number(Double(Parallel.threadCount))
        })
    }
}
