extension Transform {
    /// `n` augmented variants of `sample`, each with its caption, for `preview AUG SAMPLE n=8`.
    /// Variant i uses its own generator forked from `seed`, so the grid is the same on every
    /// run and with any thread count.
    public func preview(_ sample: Pair, n: Int = 8, seed: UInt64 = 0) -> [Augmented] {
        apply(to: [Pair](repeating: sample, count: max(0, n)), seed: seed)
    }
}
