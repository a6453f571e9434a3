/// A minimal Lua 5.4 lexer: enough to find keywords and names outside strings and comments.
///
/// It never fails: text it cannot classify becomes a one-byte `.symbol`, and an unfinished
/// string or comment runs to the end. The REPL compiles every chunk with Lua anyway, so this
/// only has to be right about valid code.
struct LuaToken: Equatable {
    enum Kind: Equatable { case name, keyword, string, number, symbol }
    var kind: Kind
    /// The token's bytes in the source, as a range of byte offsets.
    var range: Range<Int>
    var text: String
}

enum LuaLexer {
    static let keywords: Set<String> = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
        "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    ]

    /// The tokens of `source`, comments and white space dropped.
    static func tokens(_ source: String) -> [LuaToken] {
        let b = Array(source.utf8)
        var out: [LuaToken] = []
        var i = 0
        func isNameStart(_ c: UInt8) -> Bool { c == 95 || (c | 0x20 >= 97 && c | 0x20 <= 122) || c >= 0x80 }
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        func emit(_ kind: LuaToken.Kind, _ start: Int) {
            let text = String(decoding: b[start..<i], as: UTF8.self)
            let k: LuaToken.Kind = kind == .name && keywords.contains(text) ? .keyword : kind
            out.append(LuaToken(kind: k, range: start..<i, text: text))
        }
        // The level of a long bracket starting at `at` ("[==[" is 2), or nil.
        func longBracket(at: Int) -> Int? {
            guard at < b.count, b[at] == UInt8(ascii: "[") else { return nil }
            var j = at + 1, level = 0
            while j < b.count, b[j] == UInt8(ascii: "=") { level += 1; j += 1 }
            return j < b.count && b[j] == UInt8(ascii: "[") ? level : nil
        }
        func skipLong(level: Int) {
            // i is just after the opening bracket; move past "]" + "="*level + "]".
            while i < b.count {
                if b[i] == UInt8(ascii: "]") {
                    var j = i + 1, n = 0
                    while j < b.count, b[j] == UInt8(ascii: "="), n < level { n += 1; j += 1 }
                    if n == level, j < b.count, b[j] == UInt8(ascii: "]") { i = j + 1; return }
                }
                i += 1
            }
        }
        while i < b.count {
            let c = b[i], start = i
            if c == 32 || (c >= 9 && c <= 13) { i += 1; continue }
            if c == UInt8(ascii: "-"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "-") {
                i += 2
                if let level = longBracket(at: i) {
                    i += level + 2
                    skipLong(level: level)
                } else {
                    while i < b.count, b[i] != 10 { i += 1 }
                }
                continue
            }
            if isNameStart(c) {
                while i < b.count, isNameStart(b[i]) || isDigit(b[i]) { i += 1 }
                emit(.name, start)
            } else if isDigit(c) || (c == UInt8(ascii: ".") && i + 1 < b.count && isDigit(b[i + 1])) {
                // Digits, letters (hex, exponents), points, and signs after an exponent letter.
                i += 1
                while i < b.count {
                    let d = b[i]
                    if isDigit(d) || isNameStart(d) || d == UInt8(ascii: ".") { i += 1; continue }
                    if (d == 43 || d == 45), let p = Optional(b[i - 1] | 0x20), p == 101 || p == 112 { i += 1; continue }
                    break
                }
                emit(.number, start)
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                i += 1
                while i < b.count, b[i] != c, b[i] != 10 {
                    i += b[i] == UInt8(ascii: "\\") ? 2 : 1
                }
                i = min(i + 1, b.count)
                emit(.string, start)
            } else if let level = longBracket(at: i) {
                i += level + 2
                skipLong(level: level)
                emit(.string, start)
            } else {
                i += 1
                emit(.symbol, start)
            }
        }
        return out
    }
}
