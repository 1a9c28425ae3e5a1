/// HTML escaping for text and attribute values.
public enum HTML {
    /// The link itself, or `#` for a scheme that would run code when followed.
    public static func safeLink(_ target: String) -> String {
        let scheme = target.lowercased().filter { !$0.isWhitespace }
        return scheme.hasPrefix("javascript:") || scheme.hasPrefix("vbscript:") ? "#" : target
    }

    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
