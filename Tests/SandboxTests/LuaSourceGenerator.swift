import Foundation
import PMOModel

/// A seeded generator of hostile Lua source for fuzzing the sandbox: random programs built
/// from the sandbox's own library calls and odd values, and byte-level mutations of a corpus
/// of known-nasty programs. The same seed gives the same sequence, so a finding replays.
struct LuaSourceGenerator {
    /// The demo portfolio's generator: small, fast, and good enough to drive a fuzzer.
    private var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { random.next() }

    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }
    mutating func chance(_ percent: Int) -> Bool { int(100) < percent }

    /// One program: mostly a fresh random one (they mostly compile, so they reach the
    /// libraries), else a mutation or a splice of the corpus (they mostly probe the parser).
    mutating func program() -> String {
        switch int(8) {
        case 0, 1: return mutate(pick(Self.corpus))
        case 2: return splice(pick(Self.corpus), pick(Self.corpus))
        default: return block(depth: 0, statements: 1 + int(8))
        }
    }

    // MARK: random programs

    static let calls = [
        "string.rep", "string.format", "string.find", "string.gsub", "string.match", "string.gmatch",
        "string.byte", "string.char", "string.sub", "string.pack", "string.unpack", "string.reverse",
        "table.concat", "table.insert", "table.remove", "table.unpack", "table.sort", "table.move",
        "table.pack", "math.floor", "math.tointeger", "math.random", "math.fmod", "math.abs",
        "utf8.char", "utf8.codepoint", "utf8.len", "utf8.offset", "coroutine.wrap", "coroutine.create",
        "coroutine.resume", "coroutine.close", "coroutine.status", "coroutine.running", "load", "pcall",
        "xpcall", "error", "select", "setmetatable", "getmetatable", "tostring", "tonumber", "rawset",
        "rawget", "rawlen", "rawequal", "next", "pairs", "ipairs", "require", "os.date", "os.time",
        "os.clock", "collectgarbage", "print", "assert", "type",
    ]
    static let atoms = [
        "nil", "true", "false", "0", "-0", "1", "-1", "0.5", "1/0", "-1/0", "0/0", "math.maxinteger",
        "math.mininteger", "2^53", "2^63", "1e308", "-1e308", "3", "100", "1e6", "'%'", "'%d'", "'%s%s'",
        "'(a*)*b'", "'[%a-'", "'%f[%w]'", "'\\0'", "'\\xff\\xfe'", "''", "'abc'", "'pmo.evm'", "'../x'",
        "'*t'", "'!%c'", "...", "_G", "_ENV", "string", "table", "math", "{}", "{1, 2, 3}",
        "{n = 1, [1.5] = 2}", "print", "x", "y", "t", "f", "co",
    ]
    static let metamethods = ["__index", "__newindex", "__call", "__tostring", "__len", "__eq", "__lt",
                              "__le", "__concat", "__add", "__close", "__mode", "__gc", "__pairs", "__name"]

    mutating func expr(depth: Int) -> String {
        if depth > 3 { return pick(Self.atoms) }
        switch int(9) {
        case 0, 1: return pick(Self.atoms)
        case 2: return "\(pick(Self.calls))(\(args(depth: depth + 1)))"
        case 3: return "(\(expr(depth: depth + 1)) \(pick(["+", "-", "*", "/", "//", "%", "^", "..", "==", "<", "and", "or", "&", "<<"])) \(expr(depth: depth + 1)))"
        case 4: return "function(...) \(block(depth: depth + 1, statements: 1 + int(3))) end"
        case 5: return "{\(args(depth: depth + 1))}"
        case 6: return "setmetatable({}, {\(pick(Self.metamethods)) = \(expr(depth: depth + 1))})"
        case 7: return "\(pick(["#", "-", "not ", "~"]))\(expr(depth: depth + 1))"
        default: return "(\(expr(depth: depth + 1)))\(pick(["[1]", ".x", ":upper()", "()", "[\(expr(depth: depth + 1))]"]))"
        }
    }

    mutating func args(depth: Int) -> String {
        (0..<int(4)).map { _ in expr(depth: depth) }.joined(separator: ", ")
    }

    mutating func statement(depth: Int) -> String {
        let v = pick(["x", "y", "t", "f", "co"])
        switch int(10) {
        case 0, 1: return "local \(v) = \(expr(depth: depth))"
        case 2: return "\(v) = \(expr(depth: depth))"
        case 3: return "\(pick(Self.calls))(\(args(depth: depth)))"
        case 4: return "if \(expr(depth: depth)) then \(block(depth: depth + 1, statements: 1 + int(2))) end"
        case 5: return "for i = 1, \(pick(["3", "100", "1e4", "1e9", "math.maxinteger"])) do \(block(depth: depth + 1, statements: 1 + int(2))) end"
        case 6: return "while \(expr(depth: depth)) do \(block(depth: depth + 1, statements: 1 + int(2))) end"
        case 7: return "pcall(function(...) \(block(depth: depth + 1, statements: 1 + int(3))) end)"
        case 8: return "local c <close> = \(expr(depth: depth))"
        default: return "return \(args(depth: depth))"
        }
    }

    mutating func block(depth: Int, statements: Int) -> String {
        guard depth < 4 else { return "local _ = \(pick(Self.atoms))" }
        var lines: [String] = []
        for _ in 0..<statements {
            let s = statement(depth: depth)
            lines.append(s)
            if s.hasPrefix("return") { break }
        }
        return lines.joined(separator: "\n")
    }

    // MARK: mutations

    mutating func mutate(_ source: String) -> String {
        var bytes = Array(source.utf8)
        for _ in 0..<(1 + int(4)) {
            guard !bytes.isEmpty else { break }
            let i = int(bytes.count)
            switch int(5) {
            case 0: bytes[i] = UInt8(truncatingIfNeeded: next())
            case 1: bytes.remove(at: i)
            case 2: bytes.insert(contentsOf: Array(pick(Self.atoms + Self.calls).utf8), at: i)
            case 3:
                let j = min(bytes.count, i + int(16))
                bytes.insert(contentsOf: bytes[i..<j], at: i)
            default: bytes.insert(pick(Array("()[]{}\"'=.,;:#-\n".utf8)), at: i)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func splice(_ a: String, _ b: String) -> String {
        let x = Array(a.utf8), y = Array(b.utf8)
        return String(decoding: x.prefix(int(x.count + 1)) + y.suffix(int(y.count + 1)), as: UTF8.self)
    }

    /// Known-nasty programs (issue 9's adversarial list and friends) to mutate.
    static let corpus = [
        "while true do end",
        "while true do pcall(function() while true do end end) end",
        "xpcall(function() while true do end end, function() while true do end end)",
        "setmetatable({}, {__gc = function() while true do end end}) collectgarbage()",
        #"return string.find(("a"):rep(30), ("a*"):rep(20) .. "b")"#,
        "return string.rep('x', 2^40)",
        "local t = {} for i = 1, 1e9 do t[i] = i end",
        "local s = '' for i = 1, 1e6 do s = s .. i end",
        "local function f() return f() + 1 end return f()",
        "local t = setmetatable({}, {}) getmetatable(t).__index = function(t, k) return t[k] end return t.x",
        "return load(string.dump(function() end))",
        "return load('return os')().execute",
        "getmetatable('').__index.upper = print",
        "_G = nil rawset(string, 'x', 1)",
        "error(setmetatable({}, {__tostring = function() error('x') end}))",
        "error(('x'):rep(1e6))",
        "local t = {} t.t = t return t",
        "return table.unpack({}, 1, 1e8)",
        "local co = coroutine.wrap(function(...) local x <close> = setmetatable({}, {__close = function() coroutine.yield() end}) return ... end) return co(1)",
        "return require('../../etc/passwd')",
        "return coroutine.close(coroutine.running())",
        "local a = {} for i = 1, 200 do a = {a} end return a",
        "return string.format('%99999999d', 1)",
        "return os.date('%Ez', 2^60)",
        "return utf8.char(0x7FFFFFFF, -1)",
        "return (' '):rep(1e6):gsub('%s', function() return ('x'):rep(100) end)",
    ]
}
