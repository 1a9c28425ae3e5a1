import Lang

/// What the kernel says about itself in `kernel_info_reply` and its kernelspec.
public enum KernelInfo {
    /// The Jupyter messaging protocol version spoken.
    public static let protocolVersion = "5.3"

    /// Pleura has `#` comments, quoted strings, numbers and `name=value` arguments, which
    /// Python's highlighters colour sensibly; no Pleura mode exists for CodeMirror or Pygments.
    public static let highlighter = "python"

    static var reply: [String: Any] {
        [
            "status": "ok",
            "protocol_version": protocolVersion,
            "implementation": "pleura",
            "implementation_version": Script.version,
            "language_info": [
                "name": "pleura",
                "version": Script.version,
                "mimetype": "text/x-pleura",
                "file_extension": ".pleura",
                "codemirror_mode": highlighter,
                "pygments_lexer": highlighter,
            ] as [String: Any],
            "banner": "Pleura \(Script.version): `help` lists the commands.",
            "help_links": [] as [Any],
        ]
    }
}
