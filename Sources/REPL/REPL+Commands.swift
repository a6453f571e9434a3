import Foundation
import LuaKit

/// The `:command` implementations (the declarations and help texts are in REPLCommands.swift).
extension REPL {
    func help(_ name: String) {
        if name.isEmpty {
            output(style.bold("Commands"))
            let width = REPLCommand.all.map(\.usage.count).max() ?? 0
            for c in REPLCommand.all {
                output("  " + c.usage.padding(toLength: width + 2, withPad: " ", startingAt: 0) + c.summary)
            }
            let topics = session.host.helpTopics(lua: session.lua)
            if !topics.isEmpty {
                output(style.bold("Topics") + " (:help NAME)")
                let w = topics.map(\.name.count).max() ?? 0
                for t in topics {
                    output("  " + t.name.padding(toLength: w + 2, withPad: " ", startingAt: 0) + t.summary)
                }
            }
            output(session.host.identity.fill(replHelpFooter))
            return
        }
        if let c = REPLCommand.named(name) {
            output(style.bold(c.usage) + "  " + c.summary)
            output(session.host.identity.fill(c.help))
            return
        }
        if let t = session.host.helpTopics(lua: session.lua).first(where: { $0.name == name }) {
            if t.body.hasPrefix(t.summary) {
                // The body opens with its summary (a signature): say it once, in bold.
                output(style.bold(t.summary) + t.body.dropFirst(t.summary.count))
            } else {
                output(style.bold(t.name) + "  " + t.summary)
                output(t.body)
            }
            return
        }
        if let text = session.host.helpText(for: name, lua: session.lua) {
            let first = text.prefix { $0 != "\n" }
            output(style.bold(String(first)) + text.dropFirst(first.count))
            return
        }
        describe(name)
    }

    /// `:help NAME` for a value of the session: a table's fields with their types.
    private func describe(_ name: String) {
        guard name.range(of: #"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$"#, options: .regularExpression) != nil,
              case .expression(let f) = REPLChunk.compile(name, chunkName: "=help", in: session),
              case .values(let values) = session.call(f), let value = values.first, !value.isNil else {
            errorOutput(style.error("no help for '\(name)': not a command, a topic, or a value of this session"))
            return
        }
        guard let table = value.tableValue else {
            output("\(name): \(value.typeName)")
            show([value])
            return
        }
        let fields = session.luaCompletions(of: name + ".")
        output("\(name): \(typeName(.table(table))) with \(fields.count) named fields")
        for field in fields {
            let key = String(field.dropFirst(name.count + 1))
            let type = (try? table.get(key)).map(typeName) ?? "?"
            output("  \(field)  " + style.dim(type))
        }
    }

    /// A value's type as people name it: its metatable's `__name` (Date, List, Report) when
    /// it has one, else Lua's type.
    private func typeName(_ value: LuaValue) -> String {
        let repl = try? REPLEmbeddedLua.load(EmbeddedLua.repl, in: session.lua)
        let named = (try? repl?["type_name"].functionValue?.call(value))??.first?.stringValue
        return named ?? value.typeName
    }

    func time(_ code: String) {
        guard !code.isEmpty else { errorOutput(style.error("usage: :time EXPR")); return }
        let chunk = REPLChunk.compile(code, chunkName: session.nextChunkName, in: session)
        switch chunk {
        case .incomplete:
            errorOutput(style.error(":time needs a complete input on one line"))
        case .invalid(let e):
            report(e)
        case .expression, .statements:
            let start = DispatchTime.now().uptimeNanoseconds
            let outcome = session.run(chunk, text: code)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            switch outcome {
            case .values(let values): show(values, saved: true)
            case .failed(let e): report(e)
            }
            output(style.dim("time: " + Self.duration(elapsed)))
        }
    }

    /// A duration with a unit that fits: 850 µs, 12.3 ms, 4.56 s.
    static func duration(_ seconds: Double) -> String {
        if seconds < 1e-3 { return String(format: "%.0f µs", seconds * 1e6) }
        if seconds < 1 { return String(format: "%.1f ms", seconds * 1e3) }
        return String(format: "%.2f s", seconds)
    }

    func load(_ path: String) {
        guard !path.isEmpty else { errorOutput(style.error("usage: :load FILE")); return }
        let expanded = path.hasPrefix("~/") ? NSHomeDirectory() + path.dropFirst(1) : path
        guard let data = FileManager.default.contents(atPath: expanded) else {
            errorOutput(style.error("cannot open \(path): no such file, or not readable"))
            return
        }
        do {
            // Compiled as an input (its own top-level locals stay its own), so it sees the
            // session's locals.
            let text = String(decoding: LuaSourceText.skippingShebang(Array(data)), as: UTF8.self)
            let f = try session.compile(text, name: "@" + expanded)
            switch session.call(f) {
            case .values(let values):
                session.recordLoad(Self.luaString(expanded))
                show(values, saved: true)
            case .failed(let e):
                report(e)
            }
            modules.noteLoaded()
        } catch let e as LuaError {
            report(e)
        } catch {
            errorOutput(style.error("\(error)"))
        }
    }

    func reload() {
        let (reloaded, failures) = modules.reloadChanged()
        for (name, e) in failures { errorOutput(style.error("cannot reload \(name): \(e.fullMessage)")) }
        if reloaded.isEmpty && failures.isEmpty {
            output("no module changed on disk")
        } else if !reloaded.isEmpty {
            output("reloaded " + reloaded.joined(separator: ", "))
        }
    }

    func list(_ kind: REPLListingKind) {
        let items: [REPLListingItem]
        do {
            items = try session.host.listing(kind, lua: session.lua)
        } catch let e as LuaError {
            report(e)
            return
        } catch {
            errorOutput(style.error("\(error)"))
            return
        }
        guard !items.isEmpty else {
            output("no \(kind.rawValue) in this session")
            return
        }
        let idWidth = items.map(\.id.count).max() ?? 0
        let titleWidth = items.map(\.title.count).max() ?? 0
        for item in items {
            var line = item.id.padding(toLength: idWidth + 2, withPad: " ", startingAt: 0) + item.title
            if !item.detail.isEmpty {
                line = line.padding(toLength: idWidth + titleWidth + 4, withPad: " ", startingAt: 0) + style.dim(item.detail)
            }
            output(line)
        }
    }

    func asOf(_ argument: String) {
        if argument.isEmpty {
            output(session.asOf.map { "as of \($0)" } ?? "no as-of date set (the latest status date applies)")
            return
        }
        let clear = ["none", "off", "clear", "now"].contains(argument.lowercased())
        let date = clear ? nil : session.host.asOfDate(argument)
        guard clear || date != nil else {
            errorOutput(style.error("bad date '\(argument)': expected YYYY-MM-DD, a day that exists, or none to clear it"))
            return
        }
        do {
            try session.setAsOf(clear ? nil : date)
            output(date.map { "as of \($0)" } ?? "no as-of date: everything recorded")
            if let note = session.host.asOfNote(lua: session.lua) { output(style.dim(note)) }
        } catch let e as LuaError {
            report(e)
        } catch {
            errorOutput(style.error("\(error)"))
        }
    }

    func save(_ path: String) {
        guard !path.isEmpty else { errorOutput(style.error("usage: :save FILE")); return }
        let expanded = path.hasPrefix("~/") ? NSHomeDirectory() + path.dropFirst(1) : path
        do {
            try session.scriptText.write(toFile: expanded, atomically: true, encoding: .utf8)
            output("saved \(session.script.count) inputs to \(path)")
        } catch {
            errorOutput(style.error("cannot write \(path): \(error.localizedDescription)"))
        }
    }

    func clearScreen() {
        if source.isInteractive { FileHandle.standardOutput.write(Data("\u{1B}[H\u{1B}[2J".utf8)) }
    }

    /// A Lua string literal for `s`.
    static func luaString(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }
}
