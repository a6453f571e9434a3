/// Text made safe for an XML 1.0 document (JUnit reports of `pmo check` and `pmo lib test`).
public enum XMLText {
    /// `text` with the five markup characters as entities, for element content and attribute
    /// values alike. Control characters that XML 1.0 forbids even as character references
    /// (all below U+0020 except tab, line feed and carriage return: XML 1.0, section 2.2,
    /// production `Char`) become U+FFFD, the replacement character, so a reader sees that
    /// something was there.
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default: out.unicodeScalars.append(scalar.value < 0x20 ? "\u{FFFD}" : scalar)
            }
        }
        return out
    }
}
