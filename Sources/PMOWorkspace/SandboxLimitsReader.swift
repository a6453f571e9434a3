import LuaKit
import PMOScripting

/// Reads `{ memory_mb = 32, seconds = 2, instructions = 50000000 }`, as a library's manifest
/// (`limits`) and the workspace's ceiling (`pmo.config.lua`, `sandbox`) write them. Every
/// number is checked before it is converted: not positive, not finite, or past
/// `SandboxLimits.maximum*` is a `ConfigError` naming the field, never a trap.
public enum SandboxLimitsReader {
    public static func read(_ value: LuaData, path: String, base: SandboxLimits, reader r: ConfigReader) throws -> SandboxLimits {
        let f = try r.fields(value, path: path, known: ["memory_mb", "seconds", "instructions"])
        func positive(_ key: String, atMost maximum: Double, unit: String) throws -> Double? {
            guard let v = f[key] else { return nil }
            let n: Double
            switch v {
            case .integer(let i): n = Double(i)
            case .number(let d): n = d
            default: throw r.error(path + "." + key, "expected a positive number, got a \(v.typeName)")
            }
            guard n > 0, n.isFinite else { throw r.error(path + "." + key, "expected a positive number, got \(n)") }
            guard n <= maximum else {
                throw r.error(path + "." + key, "\(n) is too large: at most \(Int(maximum)) \(unit)")
            }
            return n
        }
        var limits = base
        if let m = try positive("memory_mb", atMost: Double(SandboxLimits.maximumMemoryMB), unit: "MiB") {
            limits.memoryBytes = max(Int((m * 1_048_576).rounded(.up)), 1)
        }
        if let s = try positive("seconds", atMost: SandboxLimits.maximumSeconds, unit: "seconds") { limits.seconds = s }
        if let i = try positive("instructions", atMost: Double(SandboxLimits.maximumInstructions), unit: "instructions") {
            limits.instructions = max(Int(i.rounded(.up)), 1)
        }
        return limits
    }
}
