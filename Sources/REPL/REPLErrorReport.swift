import LuaKit

/// How the REPL shows a failed input: the message, the line it points at, and a short
/// traceback without the REPL's own frames.
///
///     REPL[4]:1: attempt to perform arithmetic on a nil value (global 'x')
///       1 | return x + 1
///     stack traceback:
///       REPL[4]:1: in main chunk
struct REPLErrorReport {
    /// Frames shown at most; the rest are summarised.
    static let maxFrames = 6

    let error: LuaError

    /// The report's lines. `source` finds the text of a chunk's line.
    func lines(source: (String, Int) -> String?) -> [String] {
        if error.kind == .interrupted { return ["interrupted"] }
        var out = [error.fullMessage]
        if let chunk = error.chunk, let line = error.line, let text = source(chunk, line) {
            out.append("  \(line) | \(text.trimmingCharacters(in: .whitespaces))")
        }
        let frames = Self.frames(error.traceback ?? "")
        if !frames.isEmpty {
            out.append("stack traceback:")
            out += frames.prefix(Self.maxFrames).map { "  " + $0 }
            if frames.count > Self.maxFrames { out.append("  ... (\(frames.count - Self.maxFrames) more)") }
        }
        return out
    }

    /// The traceback's frames, innermost first, without `[C]: in ?` (the protected call) and
    /// `error` itself. The outermost Lua frame is the input: REPLSession runs each input as a
    /// function (see Lua/session.lua), which the report calls the input's main chunk.
    static func frames(_ traceback: String) -> [String] {
        var out: [String] = []
        for raw in traceback.split(separator: "\n").dropFirst() {
            let frame = raw.trimmingCharacters(in: .whitespaces)
            if frame == "[C]: in ?" || frame.hasPrefix("[C]: in function 'error'") { continue }
            out.append(frame)
        }
        if out.last == "(...tail calls...)" {
            out.removeLast()   // the input ended in a tail call (`f()` runs as `return f()`)
        } else if let last = out.indices.last, let r = out[last].range(of: "in function <") {
            out[last] = out[last][..<r.lowerBound] + "in main chunk"
        }
        // A lone main-chunk frame says nothing the message did not.
        if out.count == 1, out[0].hasSuffix("in main chunk") { return [] }
        return out
    }
}

import Foundation
