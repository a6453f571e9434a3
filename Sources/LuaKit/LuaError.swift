import CLua
import CLuaBridge

/// A failure raised by Lua code, or by the limits LuaKit enforces, as seen from Swift.
///
/// ```swift
/// do { try lua.run("error('boom')") }
/// catch let e as LuaError { print(e.kind, e.line ?? 0, e.message) }   // runtime 1 boom
/// ```
public struct LuaError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        /// The chunk did not compile.
        case syntax
        /// `error(...)` or a failing operation.
        case runtime
        /// An allocation failed, usually because of the memory cap.
        case memory
        /// The instruction budget or the wall-clock limit ran out.
        case timeout
        /// `LuaInterruptHandle.interrupt()` (Ctrl-C) stopped the code.
        case interrupted
    }

    public var kind: Kind
    /// The message without its "chunk:line:" prefix.
    public var message: String
    /// The chunk name as Lua prints it ("script.lua", `[string "..."]`), when the message names one.
    public var chunk: String?
    public var line: Int?
    public var traceback: String?

    public init(kind: Kind, message: String, chunk: String? = nil, line: Int? = nil,
                traceback: String? = nil) {
        self.kind = kind
        self.message = message
        self.chunk = chunk
        self.line = line
        self.traceback = traceback
    }

    /// Splits Lua's "chunk:line: message" form.
    public init(kind: Kind, fullMessage: String, traceback: String? = nil) {
        self.init(kind: kind, message: fullMessage, traceback: traceback)
        if let (chunk, line, rest) = LuaError.split(fullMessage) {
            self.chunk = chunk
            self.line = line
            self.message = rest
        }
    }

    /// The message as Lua would print it, "chunk:line: message".
    public var fullMessage: String {
        if let chunk, let line { return "\(chunk):\(line): \(message)" }
        return message
    }

    public var description: String {
        var s = fullMessage
        if let traceback, !traceback.isEmpty { s += "\n" + traceback }
        return s
    }

    /// Pops the error value that a failed load or protected call left on the stack.
    static func pop(_ L: OpaquePointer, _ status: Int32) -> LuaError {
        let full = String.read(from: L, at: -1) ?? "(error object is a \(LuaCall.typeName(L, -1)) value)"
        lua_settop(L, -2)
        var traceback: String?
        if status == LUA_ERRRUN || status == LUA_ERRERR {
            lkb_pushtraceback(L)
            traceback = String.read(from: L, at: -1)
            lua_settop(L, -2)
        }
        let kind: Kind
        switch status {
        case LUA_ERRSYNTAX: kind = .syntax
        case LUA_ERRMEM: kind = .memory
        default:
            switch lkb_trip(rawValue: UInt32(lkb_lasttrip(L))) {
            case LKB_TRIP_INSTRUCTIONS, LKB_TRIP_DEADLINE: kind = .timeout
            case LKB_TRIP_INTERRUPT: kind = .interrupted
            default: kind = .runtime
            }
        }
        return LuaError(kind: kind, fullMessage: full, traceback: traceback)
    }

    static func split(_ s: String) -> (String, Int, String)? {
        // The first ":<digits>: " that follows a non-empty chunk name.
        let chars = Array(s.utf8)
        var i = 1
        while i < chars.count {
            if chars[i] == UInt8(ascii: ":") {
                var j = i + 1
                while j < chars.count, chars[j] >= 48, chars[j] <= 57 { j += 1 }
                if j > i + 1, j + 1 < chars.count, chars[j] == UInt8(ascii: ":"),
                   chars[j + 1] == UInt8(ascii: " ") {
                    let chunk = String(decoding: chars[0..<i], as: UTF8.self)
                    let line = Int(String(decoding: chars[(i + 1)..<j], as: UTF8.self)) ?? 0
                    let rest = String(decoding: chars[(j + 2)...], as: UTF8.self)
                    return (chunk, line, rest)
                }
                // Chunk names end at the first ':' followed by a line number; `[string "..."]`
                // may itself contain ':' so keep looking.
            }
            i += 1
        }
        return nil
    }
}
