import Testing

/// Tests that load datasets or generate them. One of them raises the process-wide
/// `Interrupt` flag, which any concurrent load would see, so all of these run one at a time.
@Suite(.serialized) struct InterruptibleWork {}
