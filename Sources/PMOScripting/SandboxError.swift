import LuaKit

/// Why a sandboxed run failed. Every failure of untrusted code, however it happened (an error,
/// a limit, a killed or crashed worker), reaches the caller as one of these.
///
/// ```swift
/// do { _ = try worker.run(.chunk(source: "while true do end", name: "=loop")) }
/// catch let e as SandboxError { print(e.kind, e.message) }   // timeout time limit exceeded
/// ```
public struct SandboxError: Error, CustomStringConvertible, Codable, Sendable, Equatable {
    /// What went wrong.
    public enum Kind: String, Codable, Sendable {
        /// The code did not compile.
        case syntax
        /// `error(...)` or a failing operation in the code.
        case runtime
        /// The memory cap was reached.
        case memory
        /// The instruction budget or the wall-clock limit ran out.
        case timeout
        /// The run was interrupted (Ctrl-C).
        case interrupted
        /// A result could not leave the sandbox (a function, a cycle, too large).
        case result
        /// The code or a module was refused before it ran (too large, outside the library).
        case refused
        /// The worker did not answer by the hard deadline and was killed.
        case killed
        /// The worker died on its own (a signal, an exit): a crash inside Lua or the host.
        case crashed
        /// The worker could not be started, or spoke nonsense.
        case worker
    }

    /// What went wrong.
    public var kind: Kind
    /// The message without its "chunk:line:" prefix.
    public var message: String
    /// The chunk the error points into ("acme/delivery/kpis.lua"), when known.
    public var chunk: String?
    /// The line the error points at, when known.
    public var line: Int?
    /// Lua's traceback at the error, bounded like the message.
    public var traceback: String?
    /// What the code printed before it failed.
    public var log: [String]

    /// An error of `kind`; `message` without position, which goes in `chunk` and `line`.
    public init(kind: Kind, message: String, chunk: String? = nil, line: Int? = nil,
                traceback: String? = nil, log: [String] = []) {
        self.kind = kind
        self.message = message
        self.chunk = chunk
        self.line = line
        self.traceback = traceback
        self.log = log
    }

    /// The sandbox's view of a LuaKit error, with its message bounded so that a huge error
    /// value cannot flood the caller.
    public init(_ e: LuaError) {
        let kind: Kind
        switch e.kind {
        case .syntax: kind = .syntax
        case .runtime: kind = .runtime
        case .memory: kind = .memory
        case .timeout: kind = .timeout
        case .interrupted: kind = .interrupted
        }
        self.init(kind: kind, message: SandboxError.bounded(e.message), chunk: e.chunk, line: e.line,
                  traceback: e.traceback.map { SandboxError.bounded($0) })
    }

    /// The message as Lua prints it, "chunk:line: message".
    public var fullMessage: String {
        if let chunk, let line { return "\(chunk):\(line): \(message)" }
        return message
    }

    /// "kind error: chunk:line: message", then the traceback.
    public var description: String {
        var s = "\(kind.rawValue) error: \(fullMessage)"
        if let traceback, !traceback.isEmpty { s += "\n" + traceback }
        return s
    }

    /// Longest message or traceback kept, in bytes.
    static let maxMessageBytes = 4096

    static func bounded(_ s: String) -> String {
        let utf8 = s.utf8
        guard utf8.count > maxMessageBytes else { return s }
        let head = String(decoding: utf8.prefix(maxMessageBytes), as: UTF8.self)
        return head + "... (\(utf8.count - maxMessageBytes) more bytes)"
    }
}
