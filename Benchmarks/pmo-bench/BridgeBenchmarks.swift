import CLua
import CLuaBridge
import Foundation
import LuaKit

/// LuaKit's bridge costs against the same operation in plain Lua, measured in one run.
func bridgeBenchmarks() throws -> [Figure] {
    let lua = try LuaState()
    let n = 5_000_000
    lua.register("swift_identity") { call in
        lua_pushvalue(call.unsafeRawState, 1)
        return 1
    }
    lua.setGlobal("N", n)

    /// Runs a Lua loop and returns ns per iteration, timed inside Lua by a host clock.
    func loop(_ body: String) throws -> Double {
        let f = try lua.load("""
            local clock, N = ..., N
            local lua_identity = function(x) return x end
            local swift_identity = swift_identity
            local tbl = { x = 1.0 }
            local sink
            local t0 = clock()
            for i = 1, N do \(body) end
            return (clock() - t0) / N * 1e9
            """, name: "=bench")
        return try f.call(LuaFunctionValue(name: "clock") { call in call.push(now()); return 1 })[0].doubleValue!
    }

    if let only = ProcessInfo.processInfo.environment["PMO_BENCH_LOOP"] {
        // Profiling aid: run one loop body, e.g. PMO_BENCH_LOOP='sink = tbl.x'.
        print(try loop(only))
        return []
    }
    let luaCall = try measure("Lua calls a Lua function", unit: "ns") { try loop("sink = lua_identity(i)") }
    let swiftCall = try measure("Lua calls a Swift function", unit: "ns") { try loop("sink = swift_identity(i)") }
    let field = try measure("Lua reads a plain table field", unit: "ns") { try loop("sink = tbl.x") }

    let empty = try lua.load("return nil")
    let m = 1_000_000
    let pcall = measure("Swift calls a Lua function (protected)", unit: "ns") {
        let t0 = now()
        for _ in 0..<m {
            empty.push(to: lua.unsafeRawState)
            _ = lkb_pcall(lua.unsafeRawState, 0, 0)
        }
        return (now() - t0) / Double(m) * 1e9
    }
    let pcallAPI = try measure("LuaFunction.call() (protected, results read)", unit: "ns") {
        let t0 = now()
        for _ in 0..<m { _ = try empty.call() }
        return (now() - t0) / Double(m) * 1e9
    }
    return [luaCall, compare(swiftCall, to: luaCall), field, pcall, compare(pcallAPI, to: pcall)]
}
