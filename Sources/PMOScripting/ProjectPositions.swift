import CLua
import CLuaBridge
import Foundation
import LuaKit

/// Where each project sits in a Lua list of project rows, found by id: the host's scans of
/// the curves hand their results over by position in that list, not keyed by id, so no id is
/// pushed (hashed and interned) again and no table keyed by 10,000 ids is built. The list is
/// in id order (`ORDER BY id`) and so is every scan of the curves (SQLite's BINARY order:
/// the bytes, then the length), so a cursor moving forward finds each id at once; an id the
/// cursor has passed, or one the list does not have, is looked up in a dictionary made on
/// first need. A project the list does not have gets no position.
struct ProjectPositions {
    private var bytes: [UInt8] = []
    /// `ends[j]` is where id j (0-based) ends in `bytes`; it begins where id j-1 ends.
    private var ends: [Int] = []
    /// Whether row j has a text id: one without is never found.
    private var hasID: [Bool] = []
    private var cursor = 0
    private var byID: [[UInt8]: Int]?

    /// The number of rows in the list.
    var count: Int { ends.count }

    /// Reads the `id` of every row of the list at stack index `list` (raw reads: nothing
    /// here can raise). A row with no text id is never found. Needs three free stack slots.
    init(_ L: OpaquePointer, list: Int32) {
        let list = lua_absindex(L, list)
        let n = Int(lua_rawlen(L, list))
        ends.reserveCapacity(n)
        hasID.reserveCapacity(n)
        bytes.reserveCapacity(n * 12)
        "id".push(to: L)
        let key = lua_gettop(L)
        for j in 0..<n {
            var found = false
            if lua_rawgeti(L, list, lua_Integer(j + 1)) == LUA_TTABLE {
                lua_pushvalue(L, key)
                if lua_rawget(L, -2) == LUA_TSTRING {
                    var length = 0
                    if let text = lua_tolstring(L, -1, &length) {
                        text.withMemoryRebound(to: UInt8.self, capacity: length) {
                            bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
                        }
                        found = true
                    }
                }
                lua_settop(L, -2)
            }
            lua_settop(L, -2)
            ends.append(bytes.count)
            hasID.append(found)
        }
        lua_settop(L, -2)
    }

    /// The 1-based position of the row whose id is `id`, or nil.
    mutating func position(of id: UnsafeBufferPointer<UInt8>) -> Int? {
        while cursor < ends.count {
            let order = compare(cursor, id)
            if order == 0 {
                cursor += 1
                return cursor
            }
            if order > 0 { break }
            cursor += 1
        }
        if byID == nil {
            var index: [[UInt8]: Int] = [:]
            index.reserveCapacity(ends.count)
            for j in ends.indices.reversed() where hasID[j] { index[Array(bytes[start(j)..<ends[j]])] = j + 1 }
            byID = index
        }
        return byID?[Array(id)]
    }

    private func start(_ j: Int) -> Int { j == 0 ? 0 : ends[j - 1] }

    /// The order of id `j` against `id`, as SQLite's BINARY collation: the common bytes, then
    /// the length (negative: id j comes first). A row without an id comes first, so that the
    /// cursor passes it.
    private func compare(_ j: Int, _ id: UnsafeBufferPointer<UInt8>) -> Int {
        guard hasID[j] else { return -1 }
        let from = start(j), length = ends[j] - from
        let common = min(length, id.count)
        let order = bytes.withUnsafeBufferPointer { all -> Int32 in
            guard common > 0, let a = all.baseAddress, let b = id.baseAddress else { return 0 }
            return memcmp(a + from, b, common)
        }
        if order != 0 { return Int(order) }
        return length - id.count
    }
}
