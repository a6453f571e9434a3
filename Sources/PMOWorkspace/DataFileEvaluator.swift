import LuaKit

/// Evaluates a data-only Lua file (DESIGN.md decision 6): a config or a manifest that builds
/// a table and nothing else.
///
/// The chunk is loaded as text only (no precompiled bytecode) into a state with no standard
/// library, and runs with an empty table as its environment, so it can reach no `os`, `io`,
/// `require`, `load` or string methods, and can call no function at all. An instruction
/// budget and a memory cap stop a runaway loop or an exploding table. The file may `return`
/// a table, or assign globals as a rockspec does; both give the same value.
///
/// ```swift
/// let value = try DataFileEvaluator.evaluate(source: Array("store = 'x.sqlite'".utf8), file: "pmo.config.lua")
/// ```
public enum DataFileEvaluator {
    /// VM instructions a data file may run: ample for any table literal, fatal for a loop.
    public static let instructionBudget = 1_000_000
    /// Bytes a data file may allocate.
    public static let memoryCap = 16 << 20
    /// How deep tables may nest; deeper is almost certainly a table that holds itself.
    static let maxDepth = 32

    /// Runs the chunk and returns what it built. Throws `ConfigError` naming `file`, and the
    /// line when Lua or a field search can tell it.
    public static func evaluate(source: [UInt8], file: String) throws -> LuaData {
        let lua = try LuaState(libraries: [])
        lua.memoryLimit = memoryCap
        lua.setLimits(instructions: instructionBudget)
        let env = lua.newTable()
        let chunk: LuaFunction
        do {
            chunk = try lua.load(bytes: source, name: "@" + file, mode: .text, environment: env)
        } catch let e as LuaError {
            throw ConfigError(file: file, line: e.line, message: e.message)
        }
        let result: LuaValue
        do {
            result = try chunk.call().first ?? .nil
        } catch let e as LuaError {
            throw ConfigError(file: file, line: e.line, message: explain(e))
        }
        let chosen: LuaValue
        switch result {
        case .table: chosen = result
        case .nil: chosen = .table(env)
        default:
            throw ConfigError(file: file, message: "returns a \(result.typeName); a data file returns a table (or assigns fields such as `store = \"data/pmo.sqlite\"`)")
        }
        let source = String(decoding: source, as: UTF8.self)
        return try copy(chosen, path: "", depth: 0, file: file, source: source)
    }

    /// The limits trip with terse messages; say what they mean here.
    static func explain(_ e: LuaError) -> String {
        switch e.kind {
        case .timeout: return "ran more than \(instructionBudget) instructions; a data file builds a table, it does not loop"
        case .memory: return "used more than \(memoryCap >> 20) MiB; a data file builds a small table"
        default:
            // Calling anything fails with "attempt to call a nil value (global 'os')" and
            // similar; add why, so the fix is clear.
            if e.message.contains("attempt to") {
                return e.message + " (a data file runs with no libraries and no functions: write plain values)"
            }
            return e.message
        }
    }

    /// Copies a Lua value out, refusing anything a table literal of data cannot hold.
    static func copy(_ v: LuaValue, path: String, depth: Int, file: String, source: String) throws -> LuaData {
        func fail(_ message: String) -> ConfigError {
            ConfigError(file: file, line: line(of: path, in: source), message: "field '\(path)': \(message)")
        }
        switch v {
        case .string(let s): return .string(s.string)
        case .integer(let i): return .integer(i)
        case .number(let d): return .number(d)
        case .boolean(let b): return .boolean(b)
        case .table(let t):
            guard depth < maxDepth else { throw fail("tables nested more than \(maxDepth) deep (does a table contain itself?)") }
            var fields: [String: LuaData] = [:]
            var indexed: [Int: LuaData] = [:]
            for (key, value) in t.pairs {
                switch key {
                case .string(let k):
                    let sub = path.isEmpty ? k.string : path + "." + k.string
                    fields[k.string] = try copy(value, path: sub, depth: depth + 1, file: file, source: source)
                case .integer(let i) where i >= 1:
                    indexed[i] = try copy(value, path: "\(path)[\(i)]", depth: depth + 1, file: file, source: source)
                default:
                    throw fail("has a \(key.typeName) key \(key); keys are names or list positions 1, 2, 3 ...")
                }
            }
            let items = (0..<indexed.count).compactMap { indexed[$0 + 1] }
            guard items.count == indexed.count else {
                throw fail("a list with holes (positions \(indexed.keys.sorted().map(String.init).joined(separator: ", "))); write the items one after another")
            }
            // A list (an empty table is an empty list), or named fields; a table with both
            // keeps its positions as decimal keys, as LuaData writes number keys, and the
            // reader that expected one or the other says so (`ConfigReader`).
            if fields.isEmpty { return .array(items) }
            for (i, item) in items.enumerated() { fields[String(i + 1)] = item }
            return .object(fields)
        default:
            throw fail("a \(v.typeName); a data file holds strings, numbers, booleans and tables only")
        }
    }

    /// The first line that assigns the last component of a field path, if any: a field's
    /// value has no line of its own once evaluated, but the text still shows where it is set.
    public static func line(of path: String, in source: String) -> Int? {
        guard let name = path.split(separator: ".").last.map({ String($0.split(separator: "[").first ?? "") }),
              !name.isEmpty else { return nil }
        for (i, text) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = Substring(text)
            while let r = rest.range(of: name) {
                let before = rest[rest.startIndex..<r.lowerBound].last
                let after = rest[r.upperBound...].drop { $0 == " " || $0 == "\t" }
                let boundary = before.map { !($0.isLetter || $0.isNumber || $0 == "_") } ?? true
                if boundary, after.first == "=", after.dropFirst().first != "=" { return i + 1 }
                rest = rest[r.upperBound...]
            }
        }
        return nil
    }
}
