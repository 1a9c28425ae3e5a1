import Testing

/// Tests that load datasets or generate them. Those that interrupt their work bind an
/// `InterruptSource` of their own, so they run beside every other test.
@Suite struct InterruptibleWork {}
