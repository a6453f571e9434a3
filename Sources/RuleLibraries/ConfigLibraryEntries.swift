import Foundation
import PMOWorkspace

/// Records installed libraries in `pmo.config.lua`'s `libraries` list by editing the file's
/// text, one entry per line, so the analyst's comments and layout survive. The edited text is
/// evaluated before it is written: an edit that would break the config is refused.
///
/// ```lua
/// libraries = {
///   { name = "acme-delivery", version = "1.2.0", source = "../acme", sha256 = "9f2c...", trust = false },
/// },
/// ```
enum ConfigLibraryEntries {
    /// The one-line entry for `library`.
    static func line(_ library: WorkspaceConfig.Library) -> String {
        var parts = ["name = \(quoted(library.name))", "version = \(quoted(library.version))"]
        if let source = library.source { parts.append("source = \(quoted(source))") }
        if let sha = library.sha256 { parts.append("sha256 = \(quoted(sha))") }
        parts.append("trust = \(library.trust == .trusted)")
        return "{ " + parts.joined(separator: ", ") + " },"
    }

    /// Whether `line` is an entry (not a comment) for the library `name`.
    static func isEntry(_ line: Substring, for name: String) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        return trimmed.hasPrefix("{") && trimmed.contains("name = \(quoted(name))")
    }

    /// `text` without the entry line of `name`.
    static func removing(_ name: String, from text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !isEntry($0, for: name) }.joined(separator: "\n")
    }

    /// `text` with `library`'s entry (replacing any earlier one) in the `libraries` list, which
    /// is added before the closing brace of the returned table when missing.
    static func setting(_ library: WorkspaceConfig.Library, in text: String) -> String {
        var lines = removing(library.name, from: text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let entry = line(library)
        if let i = lines.firstIndex(where: { isListOpening($0) }) {
            let indent = String(lines[i].prefix { $0 == " " || $0 == "\t" })
            if lines[i].replacingOccurrences(of: " ", with: "").contains("{}") {
                // `libraries = {},` on one line: open it up.
                let tail = lines[i].hasSuffix(",") ? "," : ""
                lines[i] = indent + "libraries = {"
                lines.insert(indent + "}" + tail, at: i + 1)
            }
            lines.insert(indent + "  " + entry, at: i + 1)
        } else if let close = lines.lastIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "}" }) {
            lines.insert(contentsOf: ["  libraries = {", "    " + entry, "  },"], at: close)
        } else {
            lines.append(contentsOf: ["libraries = {", "  " + entry, "}"])
        }
        return lines.joined(separator: "\n")
    }

    static func isListOpening(_ line: String) -> Bool {
        let compact = line.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\t", with: "")
        return compact.hasPrefix("libraries={")
    }

    /// Rewrites the config at `path` with `edit`, refusing a result that no longer reads.
    static func update(path: String, _ edit: (String) -> String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LibraryError("cannot read \(path)")
        }
        let edited = edit(String(decoding: data, as: UTF8.self))
        let bytes = Array(edited.utf8)
        do {
            let value = try DataFileEvaluator.evaluate(source: bytes, file: path)
            _ = try WorkspaceConfig(value, reader: ConfigReader(file: path, source: edited))
        } catch let e as ConfigError {
            throw LibraryError("cannot record the library in \(path): the edited file would not read (\(e)); edit its libraries list by hand")
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
