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
        var out = Set(session.luaCompletions(of: word))
        for c in session.host.completions(for: word, lua: session.lua) where c.hasPrefix(word) {
            out.insert(c)
        }
        return out.sorted()
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
