import CLua
import CLuaBridge
import Foundation
import LuaKit

final class Point {
    var x = 1.0
}

/// LuaKit's bridge costs against the same operation in plain Lua, measured in one run.
func bridgeBenchmarks() throws -> [Figure] {
    let lua = try LuaState()
    let n = 5_000_000
    lua.register("swift_identity") { call in
        lua_pushvalue(call.L, 1)
        return 1
    }
    let points = LuaMetatable<Point>("Point") { mt in
        mt.property("x") { $0.x }
        mt.property("live_x", live: true) { $0.x }
        mt.method("getx") { point, call in call.push(point.x); return 1 }
    }
    try lua.register(points)
    lua.setGlobal("point", lua.object(Point(), points))
    lua.register("new_point") { call in
        call.push(lua.object(Point(), points))
        return 1
    }
    lua.setGlobal("N", n)

    /// Runs a Lua loop and returns ns per iteration, timed inside Lua by a host clock.
    func loop(_ body: String) throws -> Double {
        let f = try lua.load("""
            local clock, N = ..., N
            local lua_identity = function(x) return x end
            local swift_identity = swift_identity
            local tbl, point, new_point = { x = 1.0 }, point, new_point
            local sink
            local t0 = clock()
            for i = 1, N do \(body) end
            return (clock() - t0) / N * 1e9
            """, name: "=bench")
        return try f.call(LuaFunctionValue(name: "clock") { call in call.push(now()); return 1 })[0].doubleValue!
    }

    if let only = ProcessInfo.processInfo.environment["PMO_BENCH_LOOP"] {
        // Profiling aid: run one loop body, e.g. PMO_BENCH_LOOP='sink = point.x'.
        print(try loop(only))
        return []
    }
    let luaCall = try measure("Lua calls a Lua function", unit: "ns") { try loop("sink = lua_identity(i)") }
    let swiftCall = try measure("Lua calls a Swift function", unit: "ns") { try loop("sink = swift_identity(i)") }
    let field = try measure("Lua reads a plain table field", unit: "ns") { try loop("sink = tbl.x") }
    let property = try measure("Lua reads a userdata property", unit: "ns") { try loop("sink = point.x") }
    let live = try measure("Lua reads a live userdata property", unit: "ns") { try loop("sink = point.live_x") }
    let method = try measure("Lua calls a userdata method", unit: "ns") { try loop("sink = point:getx()") }
    // An object read once: what the first read of a new object costs on top of getting it.
    let fresh = try measure("Lua gets a new userdata object from Swift", unit: "ns") { try loop("sink = new_point()") }
    let freshRead = try measure("... and reads one property of it", unit: "ns") { try loop("sink = new_point().x") }

    let empty = try lua.load("return nil")
    let m = 1_000_000
    let pcall = measure("Swift calls a Lua function (protected)", unit: "ns") {
        let t0 = now()
        for _ in 0..<m {
            empty.push(to: lua.L)
            _ = lkb_pcall(lua.L, 0, 0)
        }
        return (now() - t0) / Double(m) * 1e9
    }
    let pcallAPI = try measure("LuaFunction.call() (protected, results read)", unit: "ns") {
        let t0 = now()
        for _ in 0..<m { _ = try empty.call() }
        return (now() - t0) / Double(m) * 1e9
    }
    // A push includes making the Swift object, and, amortised, collecting and finalising it.
    let k = 200_000
    let pushNew = measure("Swift pushes a new userdata object", unit: "ns") {
        let t0 = now()
        for _ in 0..<k {
            lua.object(Point(), points).push(to: lua.L)
            lua_settop(lua.L, -2)
        }
        return (now() - t0) / Double(k) * 1e9
    }
    let held = Point()
    let pushAgain = measure("Swift pushes the same userdata object again", unit: "ns") {
        let t0 = now()
        for _ in 0..<k {
            lua.object(held, points).push(to: lua.L)
            lua_settop(lua.L, -2)
        }
        return (now() - t0) / Double(k) * 1e9
    }
    // Memory: 10,000 objects held in a Lua table, then each read 20 times (past the reads that
    // are not cached, so each gets its values table and its own metatable).
    // (In a state of its own, so that the loops above have not sized the type's tables.)
    let held10k = (0..<10_000).map { _ in Point() }
    var pushedBytes = 0.0
    let cachedBytes = try measure("Lua memory per object once cached", unit: "B") {
        let lua = try LuaState()
        let points = LuaMetatable<Point>("Point") { mt in mt.property("x") { $0.x } }
        try lua.register(points)
        // A collection runs the finalisers of dead userdata; the next one frees them.
        func settledMemory() -> Int {
            for _ in 0..<3 { lua.collectGarbage() }
            return lua.memoryUsed
        }
        let m0 = settledMemory()
        lua.setGlobal("objects", held10k.map { lua.object($0, points) })
        let m1 = settledMemory()
        try lua.run("for _, o in ipairs(objects) do for _ = 1, 20 do local _ = o.x end end")
        let m2 = settledMemory()
        pushedBytes = Double(m1 - m0) / 1e4
        return Double(m2 - m0) / 1e4
    }
    let pushed = Figure(name: "Lua memory per object pushed (in a table)", unit: "B", median: pushedBytes,
                        min: pushedBytes, max: pushedBytes, runs: 1)
    return [luaCall, compare(swiftCall, to: luaCall), field, compare(property, to: field),
            compare(live, to: field),
            compare(method, to: swiftCall), fresh, compare(freshRead, to: fresh), pushNew,
            pushAgain, pushed, cachedBytes, pcall, compare(pcallAPI, to: pcall)]
}
