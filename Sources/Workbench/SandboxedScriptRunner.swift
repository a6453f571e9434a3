import Foundation
import LuaKit
import PMOScripting
import REPL

/// Runs a script sandboxed in a worker process (`pmo run --sandbox`): what it prints goes to
/// stdout, a failure (error, limit, killed or crashed worker) to stderr with exit status 1.
/// It never hangs: the worker is killed at the hard deadline.
public struct SandboxedScriptRunner {
    /// The name printed before error messages.
    public var programName = "pmo"
    /// The limits of the run.
    public var limits: SandboxLimits
    /// The store file the script reads through `pmo` (read-only, in the worker); nil for none.
    public var store: String?
    /// The baseline number earned value measures against (the workspace's `evm.baseline`).
    public var baseline: Int
    /// The workspace's settings scripts read (`pmo.settings`).
    public var settings: [String: LuaData]

    /// A runner with `limits` (the documented defaults unless given), reading `store`.
    public init(limits: SandboxLimits = SandboxLimits(), store: String? = nil, baseline: Int = 0,
                settings: [String: LuaData] = [:]) {
        self.limits = limits
        self.store = store
        self.baseline = baseline
        self.settings = settings
    }

    /// Runs the script at `path` ("-" for standard input) with `arguments` as `...`.
    /// Returns the exit status.
    public func run(path: String, arguments: [String], worker: SandboxWorker = SandboxWorker()) -> Int32 {
        let data: Data?
        let name: String
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
            name = "=stdin"
        } else {
            data = FileManager.default.contents(atPath: path)
            name = "@" + path
        }
        guard let data else {
            fail("cannot open \(path)")
            return ExitStatus.scriptError
        }
        let source = String(decoding: LuaSourceText.skippingShebang(Array(data)), as: UTF8.self)
        let request = SandboxRequest(.chunk(source: source, name: name),
                                     arguments: arguments.map { .string($0) }, limits: limits, store: store,
                                     baseline: baseline, settings: settings)
        do {
            let outcome = try worker.run(request)
            emit(outcome.log, truncated: outcome.logTruncated)
            return ExitStatus.ok
        } catch let e as SandboxError {
            emit(e.log, truncated: false)
            fail(e.description)
            return ExitStatus.scriptError
        } catch {
            fail("\(error)")
            return ExitStatus.scriptError
        }
    }

    func emit(_ log: [String], truncated: Bool) {
        var text = log.map { $0 + "\n" }.joined()
        if truncated { text += "(output truncated at \(limits.printBytes) bytes)\n" }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    func fail(_ message: String) {
        FileHandle.standardError.write(Data("\(programName): \(message)\n".utf8))
    }
}
