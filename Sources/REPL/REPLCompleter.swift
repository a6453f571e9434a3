import Foundation

/// Tab completion: what can replace the word under the cursor.
///
/// `:commands` at the start of a line, file names after `:load` and `:save`, and otherwise Lua
/// names (globals, session locals, fields and methods through `__index` tables) plus the host's
/// own candidates (KPI ids, say).
struct REPLCompleter {
    /// The characters that end a word: Lua's operators and brackets, but not `.` and `:`
    /// (so `string.fo` and `p:mi` are one word) nor `/` `~` `-` inside a file name after
    /// `:load` (handled by `fileCandidates`, which sees the whole argument).
    static let wordBreaks = " \t\n\"'`<>=;,+*%^#&|(){}[]"

    let session: REPLSession
    let commands = REPLCommand.all.map { ":" + $0.name }

    /// The candidates for `line[start..<end]` (byte offsets), each a whole word.
    func candidates(line: String, start: Int, end: Int) -> [String] {
        let bytes = Array(line.utf8)
        guard start >= 0, start <= end, end <= bytes.count else { return [] }
        let word = String(decoding: bytes[start..<end], as: UTF8.self)
        let before = String(decoding: bytes[..<start], as: UTF8.self)
        if before.allSatisfy(\.isWhitespace) && word.hasPrefix(":") {
            return commands.filter { $0.hasPrefix(word) }.sorted()
        }
        let trimmed = before.drop(while: \.isWhitespace)
        if trimmed.hasPrefix(":load ") || trimmed.hasPrefix(":save ") {
            return Self.fileCandidates(word)
        }
        if word.hasPrefix(".") || word.hasPrefix(":"), let chain = Self.callChain(before: before) {
            // `pmo.project("PRJ-003"):` — complete on the value of the call (complete.lua
            // evaluates it only when every call is to a read-only function).
            return session.luaCompletions(of: word, chain: chain)
        }
        var out = Set(session.luaCompletions(of: word))
        for c in session.host.completions(for: word, lua: session.lua) where c.hasPrefix(word) {
            out.insert(c)
        }
        return out.sorted()
    }

    /// The tokens of the call chain that `before` ends with (`pmo.project("PRJ-003")`,
    /// `p:tasks()[1]`, `pmo.projects{ phase = "execution" }`): a name followed by `.name`,
    /// `:name`, calls and indexes, up to the end of `before` with no space in between. nil
    /// when `before` does not end with a call or an index, or the chain does not start with a
    /// name (a parenthesised expression, an operator).
    static func callChain(before: String) -> [LuaToken]? {
        guard let lastByte = before.utf8.last, Array(")]}\"'".utf8).contains(lastByte) else { return nil }
        let tokens = LuaLexer.tokens(before)
        guard let last = tokens.last, last.range.upperBound == before.utf8.count else { return nil }
        let closing: [String: String] = [")": "(", "]": "[", "}": "{"]
        var i = tokens.count - 1
        while i >= 0 {
            let t = tokens[i]
            if t.kind == .symbol, let open = closing[t.text] {
                // Back to the matching bracket, then to what is called or indexed.
                var depth = 0
                var j = i
                while j >= 0 {
                    let u = tokens[j]
                    if u.kind == .symbol, closing[u.text] != nil { depth += 1 }
                    if u.kind == .symbol, closing.values.contains(u.text) { depth -= 1 }
                    if depth == 0 { break }
                    j -= 1
                }
                guard j >= 1, tokens[j].text == open else { return nil }
                i = j - 1
            } else if t.kind == .string {
                i -= 1   // f"x": the string is the argument of a call
            } else if t.kind == .name {
                if i >= 2, tokens[i - 1].kind == .symbol, tokens[i - 1].text == "." || tokens[i - 1].text == ":" {
                    i -= 2
                } else {
                    return Array(tokens[i...])
                }
            } else {
                return nil
            }
        }
        return nil
    }

    /// File and directory names that start with `word` (a path; `~/` means home), directories
    /// ending in `/`. Hidden files only when the word's last part starts with a dot.
    static func fileCandidates(_ word: String) -> [String] {
        let slash = word.lastIndex(of: "/")
        let dirPart = slash.map { String(word[...$0]) } ?? ""
        let namePart = slash.map { String(word[word.index(after: $0)...]) } ?? word
        var dir = dirPart.isEmpty ? "." : dirPart
        if dir.hasPrefix("~/") { dir = NSHomeDirectory() + dir.dropFirst(1) }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return names.filter { $0.hasPrefix(namePart) && (namePart.hasPrefix(".") || !$0.hasPrefix(".")) }
            .map { name -> String in
                var isDir: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: (dir as NSString).appendingPathComponent(name), isDirectory: &isDir)
                return dirPart + name + (isDir.boolValue ? "/" : "")
            }
            .sorted()
    }
}
