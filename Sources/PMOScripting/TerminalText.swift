/// Text from untrusted code made safe to show on a terminal: control characters are written
/// as visible escapes instead of being sent, so a sandboxed `print("\27]52;c;...")` cannot set
/// the clipboard (OSC 52), clear the screen or move the cursor.
///
/// ```swift
/// TerminalText.escaped("a\u{1B}[2Jb")    // "a\\27[2Jb"
/// ```
public enum TerminalText {
    /// `text` with every C0 control character but tab and newline, DEL, and every C1 control
    /// character (U+0080...U+009F, which some terminals obey as ESC sequences) replaced by
    /// a Lua-style decimal escape (`\27`, `\155`).
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out.append(contentsOf: "\\\(scalar.value)".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (v < 0x20 && v != 0x09 && v != 0x0A) || (v >= 0x7F && v <= 0x9F)
    }
}
