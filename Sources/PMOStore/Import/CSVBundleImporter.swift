import Foundation
import GRDB

/// Imports a CSV bundle: a folder with one `<table>.csv` per entity (see docs/csv-bundle.md).
///
/// Files are read in foreign-key order (portfolios before projects before status reports),
/// so the order of rows across files does not matter; within a file, a row's parent (a
/// parent task, a parent portfolio) must come before it. Columns are matched by header name
/// in any order; unknown columns become custom fields. All or nothing: one transaction.
///
/// An update (docs/importers.md): each file owns its whole table, so a row of the file is
/// added or updated by key, a row the file no longer has is removed, and a table with no file
/// is left alone; a column the file does not have is kept. Recorded as one revision.
public struct CSVBundleImporter {
    /// Called every few thousand records with the bytes read of all the bundle's files.
    public var progress: ImportProgressHandler?

    /// Creates an importer; `progress` hears how far it has got.
    public init(progress: ImportProgressHandler? = nil) {
        self.progress = progress
    }

    /// Imports every `*.csv` file of `folder` into `store`, as one revision.
    public func importBundle(at folder: String, into store: PortfolioStore, options: RevisionOptions = RevisionOptions()) throws -> ImportSummary {
        let files = try csvFiles(in: folder)
        return try store.recordedWrite(kind: .import, source: folder, format: "csv", sha256: { try InputDigest.folder(folder, files: files) },
                                       options: options) { db, recorder in
            let tables = try StoreSchema.tables(db)
            var byTable: [String: String] = [:]
            for file in files {
                let name = (file as NSString).deletingPathExtension
                guard tables.contains(where: { $0.name == name }) else {
                    throw DataError(file: (folder as NSString).appendingPathComponent(file), reason: "no table named '\(name)'; a bundle file is named after its table: \(tables.map { $0.name + ".csv" }.joined(separator: ", "))")
                }
                byTable[name] = (folder as NSString).appendingPathComponent(file)
            }
            let sizes = byTable.mapValues { path in
                ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
            }
            var meter = ProgressMeter(total: sizes.values.reduce(0, +), handler: progress)
            for table in tables {
                guard let path = byTable[table.name] else { continue }
                let refresh = try TableRefresh(db: db, table: table, scope: .wholeTable, recorder: recorder, allowDirect: true)
                try importFile(path, into: table, db: db, refresh: refresh, meter: &meter)
                meter.finish(file: path, size: sizes[table.name] ?? 0)
            }
            // Checked once every file is in (a project's calendar comes in a later file).
            try StoreSchema.checkDeferredReferences(db) { table in byTable[table] ?? folder }
        }
    }

    /// Imports one CSV file into `table` inside the caller's transaction, through `refresh`.
    func importFile(_ path: String, into table: TableSchema, db: Database, refresh: TableRefresh, meter: inout ProgressMeter) throws {
        // Read chunk by chunk: a NUL byte or a stray byte order mark fails at once, with its
        // position; invalid UTF-8 is reported by the field it is in.
        let input = try ChunkedInput(path: path, kind: "a CSV file", rejectInvalidUTF8: false)
        var reader = try CSVReader(input: input)
        var fields: [CSVReader.Field] = []
        func read() throws -> Bool {
            do { return try reader.next(into: &fields) } catch let error as CSVReader.Problem {
                throw DataError(file: path, line: error.line, reason: error.reason)
            }
        }
        guard try read() else {
            throw DataError(file: path, line: 1, reason: "empty file: expected a header line naming the columns (see docs/csv-bundle.md)")
        }
        let header = try fields.map { field -> String in
            guard let name = reader.text(field) else {
                throw DataError(file: path, line: 1, reason: "the header is not UTF-8 text")
            }
            return name.trimmingCharacters(in: .whitespaces)
        }
        let record = try RecordImport(db: db, table: table, fieldNames: header, at: SourceLocation(file: path, line: 1), refresh: refresh)
        var location = SourceLocation(file: path, line: 1)
        while try read() {
            location.line = reader.recordLine
            if fields.count == 1, reader.isEmpty(fields[0]) { continue }
            guard fields.count == header.count else {
                throw location.error("has \(fields.count) fields but the header has \(header.count); check for a missing or extra comma, or a truncated line")
            }
            let text = { (i: Int) throws -> String? in
                guard let value = reader.value(fields[i]) else {
                    throw location.error(field: header[i], "not UTF-8 text; save the file as UTF-8")
                }
                return value
            }
            // While every byte read so far is valid UTF-8 (checked chunk by chunk as it is
            // read), the fast path takes plain values from the bytes without checking them
            // again; after an invalid byte, the slow path finds the field that holds it.
            try reader.withBytes { buffer in
                let raw = { (i: Int) -> (UnsafeBufferPointer<UInt8>, Bool) in
                    let f = fields[i]
                    return (UnsafeBufferPointer(rebasing: buffer[f.start..<f.end]), f.escaped)
                }
                try record.insert(at: location, ordinal: location.line ?? 0, raw: reader.validUTF8SoFar ? raw : nil, text: text)
            }
            meter.record(file: path, position: reader.position)
        }
        try record.finish { line in SourceLocation(file: path, line: Int(line)) }
    }

    private func csvFiles(in folder: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataError(file: folder, reason: "not a folder; a CSV bundle is a folder of <table>.csv files")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.lowercased().hasSuffix(".csv") }.sorted()
        guard !files.isEmpty else {
            throw DataError(file: folder, reason: "no .csv files in this folder")
        }
        return files
    }
}
