import Foundation
import LuaKit

/// Where and how `pmo run` writes the report a script produces.
///
/// The convention (see `stdlib/pmo/report.lua`): a script either returns a report document
/// (`return doc`) or hands it over with `report.emit(doc)`. After the script ends, the runner
/// asks `pmo.report` for that document rendered in `format` and writes it to `path`, or to
/// standard output. A script that never loads `pmo.report` is left alone.
///
/// ```swift
/// var runner = ScriptRunner(session: session)
/// runner.report = ReportOutput(format: .html, path: "report.html")
/// ```
public struct ReportOutput {
    /// The formats `pmo.report` renders.
    public enum Format: String, CaseIterable, Sendable {
        case text, md, csv, json, html
    }

    /// The format asked for on the command line; nil renders a produced report as text and
    /// produces nothing when the script made no report.
    public var format: Format?
    /// The file to write; nil writes to standard output.
    public var path: String?

    public init(format: Format? = nil, path: String? = nil) {
        self.format = format
        self.path = path
    }

    /// Why a report could not be written; the runner prints it and exits 1.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Colours and glyphs only for text going straight to a terminal, as `ls` does, and never
    /// when NO_COLOR is set to anything non-empty (https://no-color.org).
    var useColour: Bool {
        guard path == nil, (format ?? .text) == .text else { return false }
        let env = ProcessInfo.processInfo.environment
        if let noColour = env["NO_COLOR"], !noColour.isEmpty { return false }
        if env["TERM"] == "dumb" { return false }
        return isatty(STDOUT_FILENO) == 1
    }

    /// Renders the report of a finished script (its first result, else what it emitted) and
    /// writes it. Every call into Lua is protected; a rendering error comes back as a thrown
    /// `LuaError`, never as a longjmp through this frame.
    func write(firstResult: LuaValue, in lua: LuaState) throws {
        let render = try lua.load(EmbeddedLua.report_output.source, name: EmbeddedLua.report_output.name)
        let rendered = try render.call(firstResult, (format ?? .text).rawValue, useColour)
        // A format that cannot hold every part of the report (CSV: no headings or
        // paragraphs) says which parts it left out, as its second result.
        if rendered.count > 1, case .string(let notice) = rendered[1] {
            FileHandle.standardError.write(Data(Array("pmo: ".utf8) + notice.bytes + Array("\n".utf8)))
        }
        guard case .string(let text)? = rendered.first else {
            if let format {
                throw Failure(description: "--format \(format.rawValue): the script made no report; "
                    + "return the document (`return doc`) or call `report.emit(doc)` (see `pmo run --help`)")
            }
            return
        }
        if let path {
            do {
                try Data(text.bytes).write(to: URL(fileURLWithPath: path))
            } catch {
                throw Failure(description: "cannot write \(path): \(error.localizedDescription)")
            }
        } else {
            // Lua's `print` writes through C's buffered stdout: flush it first to keep the order.
            fflush(nil)
            FileHandle.standardOutput.write(Data(text.bytes))
        }
    }
}
