import Foundation

/// The example analysis scripts of the repository's `scripts/` folder and their sample data
/// (`*.csv`), embedded in the binary at build time, so `pmo demo` can give every demo
/// workspace its worked examples.
public enum ExampleScripts {
    /// File name (`portfolio-health.lua`, `current-state-survey.csv`) to text, sorted by name.
    public static var files: [(name: String, text: String)] {
        EmbeddedScripts.modules.map { (name: $0.key, text: $0.value) }.sorted { $0.name < $1.name }
    }

    /// Writes the scripts into `folder`, executable (they start with `#!/usr/bin/env -S pmo
    /// run`), and their data files beside them, not executable, leaving any file of the same
    /// name alone: a script the analyst changed is theirs. Returns the names written.
    @discardableResult
    public static func install(in folder: String) throws -> [String] {
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var written: [String] = []
        for file in files {
            let path = (folder as NSString).appendingPathComponent(file.name)
            guard !fm.fileExists(atPath: path) else { continue }
            try Data(file.text.utf8).write(to: URL(fileURLWithPath: path))
            try fm.setAttributes([.posixPermissions: file.name.hasSuffix(".lua") ? 0o755 : 0o644], ofItemAtPath: path)
            written.append(file.name)
        }
        return written
    }
}
