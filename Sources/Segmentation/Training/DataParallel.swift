import Tensor

/// The other ranks of a data-parallel `fit`, as the trainer sees them (the Distributed
/// target implements it over MPI). Every rank runs the same script with the same seed; the
/// trainer gives rank r its share of each epoch's batches (`RankShare`) and calls these at
/// the same points on every rank, so the collectives match up.
public protocol DataParallel: AnyObject {
    var rank: Int { get }
    var size: Int { get }
    /// Backpropagates `loss` and leaves in each of `parameters` the mean of the ranks'
    /// gradients, starting to send each bucket of gradients as soon as backward has
    /// finished with it, so that sending overlaps the rest of the pass.
    func backwardAveraging(_ loss: Tensor, parameters: [Tensor]) throws
    /// The stop every rank takes: the strongest of the ranks' own reasons (a Ctrl-C or a
    /// time budget on any rank stops all of them at the same step).
    func agreedStop(_ local: StopReason?) throws -> StopReason?
    /// Element-wise sums over the ranks.
    func sum(_ values: [Double]) throws -> [Double]
    /// Every rank's `values` (counts may differ), in rank order.
    func gather(_ values: [Int]) throws -> [[Int]]
    /// Throws, naming the first rank that differs, unless every rank holds the same
    /// `tensors` bit for bit.
    func checkIdentical(_ tensors: [Tensor], at place: String) throws
    /// Replaces `tensors` (batch-norm running statistics) by their mean over the ranks.
    func average(_ tensors: [Tensor]) throws
    /// Seconds spent waiting for gradient all-reduces to finish (after backward), so far.
    var allReduceWaitSeconds: Double { get }
}
