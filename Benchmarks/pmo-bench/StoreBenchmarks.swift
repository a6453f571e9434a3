import Foundation

/// Issue 11: import throughput (`pmo import` of the demo's CSV bundle into a new store,
/// against the sqlite3 shell's `.import` of the same files into the same schema) and load
/// time (`pmo.projects()` against lua5.4 loading the same projects from a Lua data file).
func storeBenchmarks(sizes: [Int], tools: Tools, runs: Int = 5) throws -> [Figure] {
    var figures: [Figure] = []
    for n in sizes {
        let (store, plain) = try demoStore(projects: n, tools: tools)
        // pmo demo writes the same data as a CSV bundle in data/csv, beside its store.
        let bundle = ((store as NSString).deletingLastPathComponent as NSString).appendingPathComponent("csv")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("pmo-bench-import-\(getpid())").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let script = work + "/shell-import.sql"
        try shellImportScript(bundle: bundle, schemaFrom: store).write(toFile: script, atomically: true, encoding: .utf8)

        // Alternating pairs, so each pair shares the machine's load; the first pair warms up.
        var ours: [Double] = [], theirs: [Double] = [], rows = 0
        for i in 0...runs {
            let target = work + "/imported.sqlite", shell = work + "/shell.sqlite"
            for f in [target, target + "-wal", target + "-shm", shell] { try? FileManager.default.removeItem(atPath: f) }
            let a = try runProcess([tools.pmo, "import", bundle, "--store", target])
            guard a.status == 0 else { throw BenchError("pmo import failed: \(a.stderr.prefix(2000))") }
            let b = try runProcess(["sqlite3", shell, ".read \(script)"])
            guard b.status == 0, b.stderr.isEmpty else { throw BenchError("sqlite3 .import failed: \(b.stderr.prefix(2000))") }
            rows = importedRows(a.stderr + a.stdout) ?? rows
            if i > 0 { ours.append(a.seconds * 1000); theirs.append(b.seconds * 1000) }
        }
        let base = figure("CSV bundle import, \(n) projects, sqlite3 .import (wall)", "ms", theirs)
        figures += [base, compare(figure("CSV bundle import, \(n) projects, pmo import (wall)", "ms", ours), to: base)]
        figures.append(figure("  pmo import throughput, \(rows) rows", "rows/s", ours.map { Double(rows) / ($0 / 1000) }))

        let loads = try measureAlternating([
            Command(name: "load, \(n) projects, pmo.projects()", args: [tools.pmo, "run", "--store", store, "Benchmarks/lua/load.lua"], reported: "body"),
            Command(name: "load, \(n) projects, lua5.4 dofile of the data file",
                    args: [tools.lua, "Benchmarks/lua/plain_evm_by_portfolio.lua", plain], reported: "load"),
        ])
        let (load, plainLoad) = (loads[0], loads[1])
        if let ob = load.body, let pb = plainLoad.body { figures += [pb, compare(ob, to: pb)] }
        figures += [load.rss]
    }
    return figures
}

/// The row count in `pmo import`'s last line ("... (162055 rows, into FILE)").
func importedRows(_ output: String) -> Int? {
    guard let open = output.range(of: " rows, into", options: .backwards) else { return nil }
    let digits = output[..<open.lowerBound].reversed().prefix { $0.isNumber }
    return Int(String(digits.reversed()))
}

/// A sqlite3 shell script importing every CSV of the bundle into the store's schema in one
/// transaction. Foreign keys are off: the shell imports empty fields as '' rather than NULL,
/// which would break every optional reference, and it checks no values. A file whose header
/// has columns the table lacks (custom fields) goes through a scratch table.
func shellImportScript(bundle: String, schemaFrom store: String) throws -> String {
    func query(_ sql: String) throws -> [String] {
        let r = try runProcess(["sqlite3", "-readonly", store, sql])
        guard r.status == 0 else { throw BenchError("sqlite3 \(sql): \(r.stderr)") }
        return r.stdout.split(separator: "\n").map(String.init)
    }
    var script = "PRAGMA foreign_keys = OFF;\nPRAGMA cache_size = -65536;\n"
    // Not the derived copy (ProjectCurves) nor the triggers that keep it: they are pmo's own
    // read path, not the data, and their triggers doubled the shell's import time.
    script += try query("""
        SELECT sql || ';' FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'grdb_%' \
        AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%derived\\_%' ESCAPE '\\' ORDER BY rowid
        """)
        .joined(separator: "\n") + "\nBEGIN;\n"
    let files = try FileManager.default.contentsOfDirectory(atPath: bundle).filter { $0.hasSuffix(".csv") }.sorted()
    for file in files {
        let table = String(file.dropLast(4)), path = bundle + "/" + file
        let columns = try query("SELECT name FROM pragma_table_info('\(table)')")
        guard !columns.isEmpty else { continue }
        // The first line only: reading a whole file would swell this process (timephased.csv
        // is 51 MB at 10,000 projects).
        guard let handle = FileHandle(forReadingAtPath: path) else { throw BenchError("cannot read \(path)") }
        let head = handle.readData(ofLength: 64 * 1024)
        try handle.close()
        let header = (String(decoding: head, as: UTF8.self).split(separator: "\n", maxSplits: 1).first.map(String.init) ?? "")
            .split(separator: ",").map(String.init)
        if header == columns {
            script += ".import --csv --skip 1 \(path) \(table)\n"
        } else {
            let shared = header.filter(columns.contains).joined(separator: ", ")
            script += ".import --csv \(path) scratch_\(table)\n"
            script += "INSERT INTO \(table) (\(shared)) SELECT \(shared) FROM scratch_\(table);\nDROP TABLE scratch_\(table);\n"
        }
    }
    return script + "COMMIT;\n"
}
