import Foundation
import LuaKit

/// Runs untrusted Lua in this process, in a state of its own, under the sandbox policy and
/// limits (docs/sandbox.md). Stops what a count hook can stop: loops, runaway recursion, memory.
/// It cannot stop code that loops with hooks off (an `xpcall` message handler) or inside one C
/// call (a backtracking pattern), nor survive a crash of the Lua library: untrusted code belongs
/// in a `SandboxWorker`, which runs a `Sandbox` in a process the parent can kill.
///
/// Not `Sendable`; use from one thread. One sandbox serves one run: make a new one per run so
/// nothing one run leaves behind reaches the next.
///
/// ```swift
/// let sandbox = try Sandbox(limits: SandboxLimits(seconds: 0.5))
/// let r = try sandbox.run(source: "return 6 * 7", name: "=answer")   // [.integer(42)]
/// ```
public final class Sandbox {
    /// The limits in force.
    public let limits: SandboxLimits
    /// The store session sandboxed code reads through `pmo` (nil: no store). It should be
    /// read-only (`PMOSession(readOnly: true)` on `PortfolioStore(readOnlyPath:)`).
    public let session: PMOSession?
    let lua: LuaState
    let newEnvironment: LuaFunction
    let compile: LuaFunction
    /// The prelude's `runscript(env, f, ...)`: a script's chunk run as `pmo run` runs one.
    let runScript: LuaFunction
    let callEntry: LuaFunction
    let log: LuaTable
    let logTruncated: LuaFunction

    /// Makes a state with only the safe libraries, installs the policy, then arms the limits.
    /// With a `session`, each run's environment gets a global `pmo` (and `require("pmo")`)
    /// bound to it; its SQL stops at the run's deadline like the Lua code does.
    public init(limits: SandboxLimits = SandboxLimits(), session: PMOSession? = nil) throws {
        self.limits = limits.validated
        self.session = session
        lua = try LuaState(libraries: [.base, .coroutine, .table, .string, .math, .utf8, .os])
        // The sandbox's Lua half (Lua/sandbox.lua).
        let prelude = try lua.load(EmbeddedLua.sandbox.source, name: EmbeddedLua.sandbox.name)
        let chunkName = LuaFunctionValue(name: "chunkname") { call in
            call.push(Stdlib.chunkName(of: try call.argument(1, as: String.self)))
            return 1
        }
        let hookthread = lua.hookThreadFunction
        let api = try prelude.call(hookthread, Stdlib.modules, chunkName, self.limits.printBytes)
        guard let t = api.first?.tableValue,
              let newenv = t["newenv"].functionValue, let compile = t["compile"].functionValue,
              let callentry = t["callentry"].functionValue, let runscript = t["runscript"].functionValue,
              let log = t["log"].tableValue,
              let truncated = t["logtruncated"].functionValue else {
            throw SandboxError(kind: .worker, message: "the sandbox prelude did not return its functions")
        }
        newEnvironment = newenv
        self.compile = compile
        callEntry = callentry
        runScript = runscript
        self.log = log
        logTruncated = truncated
        lua.collectGarbage()
        lua.memoryLimit = self.limits.memoryBytes
        lua.setLimits(instructions: self.limits.instructions, seconds: self.limits.seconds,
                      granularity: self.limits.granularity)
    }

    /// What the code printed so far, one entry per `print` call.
    public var printed: [String] {
        log.array.map { $0.stringValue ?? "" }
    }

    /// Whether `print` output was dropped for passing `limits.printBytes`.
    public var printTruncated: Bool {
        (try? logTruncated.call().first?.isTruthy) ?? false
    }

    /// A fresh environment for `library` (nil: a plain script, whose `require` reaches pmo.* only).
    func environment(for library: SandboxLibrary?) throws -> LuaTable {
        let maxBytes = limits.sourceBytes
        let find = LuaFunctionValue(name: "require") { call in
            let name = try call.argument(1, as: String.self)
            guard let library else {
                return call.returning(LuaValue.nil, "module '\(name)' not found: a script has no library modules")
            }
            do {
                let (bytes, path) = try library.source(of: name, maxBytes: maxBytes)
                call.push(LuaString(bytes: bytes))
                call.push("@" + path)
                return 2
            } catch let e as SandboxError {
                return call.returning(LuaValue.nil, e.message)
            }
        }
        let root: LuaPushable = library.map { $0.root as LuaPushable } ?? LuaValue.nil
        var makeHost: LuaPushable = LuaValue.nil
        if let session {
            makeHost = LuaFunctionValue(name: "makehost") { call in
                guard let date = call.value(1).tableValue, let null = call.value(2).tableValue else {
                    throw LuaRaise.message("makehost: pmo.date.Date and pmo.null expected")
                }
                call.push(PMOHost(session: session, dateMetatable: date, null: null).functions())
                return 1
            }
        }
        guard let env = try withLimits({ try newEnvironment.call(root, find, makeHost) }).first?.tableValue else {
            throw SandboxError(kind: .worker, message: "the sandbox did not make an environment")
        }
        return env
    }

    /// Compiles and runs a chunk in a fresh environment, with `arguments` as `...`.
    /// `name` is the chunk name as Lua gives it ("@rules.lua", "=(command line)").
    public func run(source: [UInt8], name: String, arguments: [LuaData] = [],
                    library: SandboxLibrary? = nil) throws -> [LuaData] {
        guard source.count <= limits.sourceBytes else {
            throw SandboxError(kind: .refused, message: "the chunk is \(source.count) bytes, more than the \(limits.sourceBytes) allowed")
        }
        let start = Date()
        let env = try environment(for: library)
        let compiled = try withLimits { try compile.call(env, LuaString(bytes: source), name) }
        guard let f = compiled.first?.functionValue else {
            let message = compiled.dropFirst().first?.stringValue ?? "cannot compile the chunk"
            let kind: LuaError.Kind = message.hasSuffix("not enough memory") ? .memory : .syntax
            throw SandboxError(LuaError(kind: kind, fullMessage: message))
        }
        // The parse used part of the wall-clock limit; the run gets what is left.
        let left = limits.seconds - Date().timeIntervalSince(start)
        guard left > 0 else { throw SandboxError(kind: .timeout, message: "time limit exceeded while parsing") }
        // A script (not a library's chunk) prints the report it returns, as `pmo run` does.
        if library == nil {
            return try limitedResults(seconds: left) { try runScript.call(arguments: [env, f] + arguments) }
        }
        return try limitedResults(seconds: left) { try f.call(arguments: arguments) }
    }

    /// Convenience for `run(source:)` with text.
    public func run(source: String, name: String, arguments: [LuaData] = [],
                    library: SandboxLibrary? = nil) throws -> [LuaData] {
        try run(source: Array(source.utf8), name: name, arguments: arguments, library: library)
    }

    /// Calls `function` of the library module `module` (or the module's value itself, when it
    /// returns a function and `function` is nil) with `arguments`.
    public func call(library: SandboxLibrary, module: String, function: String?,
                     arguments: [LuaData] = []) throws -> [LuaData] {
        let env = try environment(for: library)
        let fname: LuaPushable = function.map { $0 as LuaPushable } ?? LuaValue.nil
        return try limitedResults(seconds: limits.seconds) {
            try callEntry.call(arguments: [env, module, fname] + arguments)
        }
    }

    /// Runs `body` (one protected call) and converts LuaKit errors to sandbox errors.
    ///
    /// A limit that trips inside a coroutine ends the coroutine, and `coroutine.resume` returns
    /// false to its caller; if the outer code then returns before the hook runs again, the call
    /// succeeds. The trip is still recorded, so a run that tripped fails here all the same.
    func withLimits(_ body: () throws -> [LuaValue]) throws -> [LuaValue] {
        let values: [LuaValue]
        do { values = try body() } catch let e as LuaError { throw SandboxError(e) }
        switch lua.lastStop {
        case .instructions:
            throw SandboxError(kind: .timeout, message: "instruction budget exceeded")
        case .deadline:
            throw SandboxError(kind: .timeout, message: "time limit exceeded")
        case .interrupt:
            throw SandboxError(kind: .interrupted, message: "interrupted")
        case nil:
            return values
        }
    }

    /// Runs `body` with `seconds` of wall clock and reads its results as plain data.
    func limitedResults(seconds: Double, _ body: () throws -> [LuaValue]) throws -> [LuaData] {
        lua.setLimits(instructions: limits.instructions, seconds: seconds, granularity: limits.granularity)
        defer {
            lua.setLimits(instructions: limits.instructions, seconds: limits.seconds, granularity: limits.granularity)
        }
        return try read(try withLimits(body))
    }

    /// How deep the tables of a result may nest.
    static let maxResultDepth = 200

    /// Converts results, bounding their number of values and their string bytes by
    /// `limits.resultBytes`.
    func read(_ values: [LuaValue]) throws -> [LuaData] {
        var reader = LuaDataReader(maxValues: limits.resultBytes / 8, maxStringBytes: limits.resultBytes,
                                   maxDepth: Self.maxResultDepth)
        var out: [LuaData] = []
        for (i, v) in values.enumerated() {
            do {
                out.append(try reader.read(v, in: lua, path: "result #\(i + 1)"))
            } catch let failure as LuaDataReader.Failure {
                throw SandboxError(failure)
            }
        }
        return out
    }
}
