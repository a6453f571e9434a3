/// Turns the top-level `local` statements of a chunk typed at the prompt into assignments to
/// session locals, so that they survive to the next input. Lua/session.lua then compiles the
/// result with those names declared as variables shared by every input (upvalue cells; the
/// reasons are there).
///
///     local x, y = 1, 2         ->  x, y = 1, 2          declares x, y
///     local function f() end    ->  function f() end     declares f
///     local n                   ->  n = nil              declares n
///     local k <const> = 10      ->  k = 10               declares k, constant
///     local h <close> = ...     ->  unchanged: a real local, closed when the input ends
///
/// Only statements outside any block or function are rewritten; line breaks are kept, so
/// error line numbers match what the user typed.
struct SessionLocalsRewrite: Equatable {
    /// The chunk to compile.
    var code: String
    /// Names to declare as session variables before running it.
    var names: [String]
    /// Those of `names` declared `<const>`.
    var constants: [String]

    init(code: String, names: [String] = [], constants: [String] = []) {
        self.code = code
        self.names = names
        self.constants = constants
    }

    /// Rewrites `source`.
    init(rewriting source: String) {
        let tokens = LuaLexer.tokens(source)
        var edits: [(Range<Int>, String)] = []
        var names: [String] = [], constants: [String] = []
        var depth = 0
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            if t.kind == .keyword {
                switch t.text {
                case "function", "do", "if", "repeat": depth += 1
                case "end", "until": depth = max(0, depth - 1)
                default: break
                }
            }
            guard depth == 0, t.kind == .keyword, t.text == "local", i + 1 < tokens.count else {
                i += 1
                continue
            }
            let next = tokens[i + 1]
            if next.kind == .keyword, next.text == "function", i + 2 < tokens.count,
               tokens[i + 2].kind == .name {
                // `local function f` -> `function f`; the body's depth is counted as we go on.
                names.append(tokens[i + 2].text)
                edits.append((t.range, ""))
                i += 1
                continue
            }
            guard let decl = Self.declaration(tokens, from: i + 1) else { i += 1; continue }
            if decl.closes || decl.names.contains("_ENV") {
                i = decl.end
                continue
            }
            names += decl.names
            constants += decl.constants
            edits.append((t.range, ""))
            for r in decl.attributes { edits.append((r, "")) }
            if !decl.assigns, let last = decl.lastNameEnd {
                edits.append((last..<last, " = nil"))
            }
            i = decl.end
        }
        var bytes = Array(source.utf8)
        for (range, text) in edits.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
            bytes.replaceSubrange(range, with: Array(text.utf8))
        }
        self.init(code: String(decoding: bytes, as: UTF8.self), names: names, constants: constants)
    }

    /// Whether `source` has a `return` outside any function or block.
    static func returnsAtTopLevel(_ source: String) -> Bool {
        var depth = 0
        for t in LuaLexer.tokens(source) where t.kind == .keyword {
            switch t.text {
            case "function", "do", "if", "repeat": depth += 1
            case "end", "until": depth = max(0, depth - 1)
            case "return" where depth == 0: return true
            default: break
            }
        }
        return false
    }

    /// `Name [attrib] {, Name [attrib]} [=]` from token `start`.
    private struct Declaration {
        var names: [String] = []
        var constants: [String] = []
        var attributes: [Range<Int>] = []
        var closes = false
        var assigns = false
        var lastNameEnd: Int?
        var end = 0
    }

    private static func declaration(_ tokens: [LuaToken], from start: Int) -> Declaration? {
        var d = Declaration()
        var i = start
        while i < tokens.count, tokens[i].kind == .name {
            let name = tokens[i].text
            d.names.append(name)
            d.lastNameEnd = tokens[i].range.upperBound
            i += 1
            // <attrib>
            if i + 2 < tokens.count, tokens[i].text == "<", tokens[i + 1].kind == .name,
               tokens[i + 2].text == ">" {
                switch tokens[i + 1].text {
                case "const": d.constants.append(name)
                case "close": d.closes = true
                default: break   // Lua rejects it when compiling
                }
                d.attributes.append(tokens[i].range.lowerBound..<tokens[i + 2].range.upperBound)
                d.lastNameEnd = tokens[i + 2].range.upperBound
                i += 3
            }
            guard i < tokens.count, tokens[i].text == "," else { break }
            i += 1
        }
        guard !d.names.isEmpty else { return nil }
        d.assigns = i < tokens.count && tokens[i].text == "="
        d.end = i
        return d
    }
}
