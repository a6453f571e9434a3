import CLua
import CLuaBridge
import LuaKit

/// Reads Lua values into `LuaData` values with raw access only (no metamethod of sandboxed code
/// runs in the host), refusing cycles, non-data values and oversized results.
struct SandboxValueReader {
    let L: OpaquePointer
    /// Budget of values left to read; bounds the work on a huge or adversarial result.
    var remaining: Int
    /// Budget of string bytes left (keys and values, each time they occur, as the result's
    /// JSON will hold them), counted before a string is converted: 300 references to one
    /// 8 MiB string are 2.4 GB on the wire, refused after the second, not copied 300 times.
    var bytesLeft: Int
    /// Strings converted so far, by their Lua object: a string referred to many times is
    /// converted once and shared (Swift strings are copy-on-write).
    var strings: [UnsafeRawPointer: String] = [:]
    let maxBytes: Int
    var onPath: Set<UnsafeRawPointer> = []
    static let maxDepth = 200

    init(_ L: OpaquePointer, maxValues: Int, maxBytes: Int = .max) {
        self.L = L
        self.remaining = maxValues
        self.bytesLeft = maxBytes
        self.maxBytes = maxBytes
    }

    /// The string at `index`, counted against `bytesLeft` before it is converted.
    mutating func string(at index: Int32, path: String) throws -> String {
        let length = Int(lua_rawlen(L, index))
        bytesLeft -= length
        if bytesLeft < 0 {
            throw SandboxError(kind: .result, message: "\(path): the result holds more than \(maxBytes) bytes of strings, too many to leave the sandbox")
        }
        guard let id = lua_topointer(L, index) else { return String.read(from: L, at: index) ?? "" }
        if let known = strings[id] { return known }
        let s = String.read(from: L, at: index) ?? ""
        // Only long strings are worth remembering (Lua interns the short ones anyway, and the
        // table of them would cost more than it saves).
        if length > 64 { strings[id] = s }
        return s
    }

    /// Reads the value at `index`; `path` names it in errors ("result #1.items[3]").
    mutating func read(at index: Int32, path: String, depth: Int = 0) throws -> LuaData {
        remaining -= 1
        if remaining < 0 { throw SandboxError(kind: .result, message: "\(path): the result is too large to leave the sandbox") }
        let index = lua_absindex(L, index)
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .null
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if case .integer(let i) = LuaValue.from(L, at: index) { return .integer(i) }
            var ok: Int32 = 0
            return .number(lkb_tonumber(L, index, &ok))
        case LUA_TSTRING: return .string(try string(at: index, path: path))
        case LUA_TTABLE: return try readTable(at: index, path: path, depth: depth)
        default:
            let type = String(cString: lua_typename(L, lua_type(L, index)))
            throw SandboxError(kind: .result, message: "\(path): a \(type) cannot leave the sandbox (only nil, booleans, numbers, strings and tables of them can)")
        }
    }

    private mutating func readTable(at index: Int32, path: String, depth: Int) throws -> LuaData {
        guard depth < Self.maxDepth else {
            throw SandboxError(kind: .result, message: "\(path): tables nested more than \(Self.maxDepth) deep cannot leave the sandbox")
        }
        // A key and a value at each level, and lua_next's own: more than the 20 slots Lua
        // promises once tables nest deep.
        guard lua_checkstack(L, 3) != 0 else {
            throw SandboxError(kind: .result, message: "\(path): the Lua stack cannot hold tables nested this deep")
        }
        guard let id = lua_topointer(L, index) else { return .null }
        guard onPath.insert(id).inserted else {
            throw SandboxError(kind: .result, message: "\(path): the table refers to itself (a cycle) and cannot leave the sandbox")
        }
        defer { onPath.remove(id) }
        let length = Int(lua_rawlen(L, index))
        var array: [LuaData] = []
        var object: [String: LuaData] = [:]
        var pairs = 0
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        lua_pushnil(L)
        while true {
            let r = lkb_next_p(L, index)
            if r < 0 { throw SandboxError(kind: .result, message: "\(path): the table could not be read") }
            if r == 0 { break }
            pairs += 1
            let key: String
            switch lua_type(L, -2) {
            case LUA_TSTRING: key = try string(at: -2, path: path)
            case LUA_TNUMBER: key = LuaValue.from(L, at: -2).description
            default:
                throw SandboxError(kind: .result, message: "\(path): a table key of type \(String(cString: lua_typename(L, lua_type(L, -2)))) cannot leave the sandbox")
            }
            let value = try read(at: -1, path: path + "." + key, depth: depth + 1)
            object[key] = value
            lua_settop(L, -2)
            if remaining < 0 { break }
        }
        if pairs == length {
            // Every key is 1...length: a sequence.
            array.reserveCapacity(length)
            for i in 1...max(length, 1) where length > 0 {
                guard let v = object[String(i)] else { return .object(object) }
                array.append(v)
            }
            return .array(array)
        }
        return .object(object)
    }
}
