import Foundation
import GRDB

/// Imports a JSON document holding any subset of the model: an object whose keys are table
/// names (as `JSONExporter` writes), each an array of objects keyed by column. Unknown keys
/// of a row become custom fields; a missing key or `null` is no value, `""` an empty text.
/// All or nothing.
public struct JSONImporter {
    /// Called every few thousand rows with the rows written of all the document's tables.
    public var progress: ImportProgressHandler?

    /// Creates an importer; `progress` hears how far it has got.
    public init(progress: ImportProgressHandler? = nil) {
        self.progress = progress
    }

    /// Imports the document at `path` into `store`, as one revision: an update of the tables
    /// it has (docs/importers.md); a table it has no array for is left alone.
    public func importDocument(at path: String, into store: PortfolioStore, options: RevisionOptions = RevisionOptions()) throws -> ImportSummary {
        // Two streaming passes in bounded memory. The first checks the syntax (so a file that
        // is not JSON fails at its first bad byte: a NUL, bytes that are not UTF-8, a stray
        // byte order mark, a syntax error) and notes where each table starts and which keys
        // its rows use; the second reads each table one row at a time, in foreign-key order.
        let input = try ChunkedInput(path: path, kind: "a JSON document", rejectInvalidUTF8: true)
        guard !input.head(1).isEmpty else {
            throw DataError(file: path, line: 1, reason: "empty file: expected a JSON object whose keys are table names")
        }
        let outline = try JSONSyntaxCheck.check(input)
        guard outline.isObject else {
            throw DataError(file: path, path: "$", reason: "expected a JSON object whose keys are table names")
        }
        return try store.recordedWrite(kind: .import, source: path, format: "json", sha256: { try InputDigest.file(path) }, options: options) { db, recorder in
            let tables = try StoreSchema.tables(db)
            for key in outline.tables.keys.sorted() where !tables.contains(where: { $0.name == key }) {
                throw DataError(file: path, path: "$.\(key)", reason: "no table named '\(key)'; keys are table names: \(tables.map(\.name).joined(separator: ", "))")
            }
            let total = tables.reduce(0) { $0 + (outline.tables[$1.name]?.rows ?? 0) }
            var meter = ProgressMeter(total: total, handler: progress)
            for table in tables {
                guard let shape = outline.tables[table.name] else { continue }
                guard shape.isArray else {
                    throw DataError(file: path, path: "$.\(table.name)", reason: "expected an array of row objects")
                }
                var rows = try JSONRowReader(input: input, offset: shape.offset)
                let refresh = try TableRefresh(db: db, table: table, scope: .wholeTable, recorder: recorder, allowDirect: true)
                try importRows(&rows, keys: shape.keys, into: table, db: db, file: path, refresh: refresh, meter: &meter)
                meter.finish(file: path, size: shape.rows)
            }
            // Checked once every table is in (a project's calendar comes in a later table).
            try StoreSchema.checkDeferredReferences(db) { _ in path }
        }
    }

    private func importRows(_ rows: inout JSONRowReader, keys names: Set<String>, into table: TableSchema, db: Database,
                            file: String, refresh: TableRefresh, meter: inout ProgressMeter) throws {
        let known = table.columns.map(\.name).filter(names.contains)
        let fieldNames = known + names.subtracting(known).sorted()
        var record: RecordImport?
        var i = 0
        while let row = try rows.next() {
            defer { i += 1 }
            let location = SourceLocation(file: file, path: "$.\(table.name)[\(i)]")
            guard let object = row else {
                throw location.error("expected an object with one key per column")
            }
            if record == nil {
                record = try RecordImport(db: db, table: table, fieldNames: fieldNames,
                                          at: SourceLocation(file: file, path: "$.\(table.name)"), refresh: refresh)
            }
            guard let record else { break }
            try record.insert(at: location, ordinal: i) { f in
                let name = fieldNames[f]
                let type = record.columnIndex[f].map { record.inserter.columns[$0].type } ?? .text
                return try JSONImporter.text(of: object[name], type: type, field: name, at: location)
            }
            meter.record(file: file, position: i + 1)
        }
        let location = { (i: Int64) in SourceLocation(file: file, path: "$.\(table.name)[\(i)]") }
        if let record {
            try record.finish(location: location)
        } else {
            // An empty array: the table has no rows in this input, so none remain.
            try refresh.merge(columns: [], location: location)
            try refresh.dropStage()
        }
    }

    /// The value as the text `FieldParser` reads; numbers only where numbers belong. `true`
    /// and `false` count as the numbers 1 and 0 where a number belongs.
    static func text(of value: JSONScalar?, type: ColumnType, field: String, at location: SourceLocation) throws -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let s)?:
            return s
        case .bool(let b)?:
            switch type {
            case .boolean: return b ? "true" : "false"
            case .integer: return b ? "1" : "0"
            case .real: return b ? "1.0" : "0.0"
            case .text, .date:
                throw location.error(field: field, value: "\(b)", "expected a JSON string, found true or false")
            }
        case .number(let n)?:
            let d = Double(n) ?? .nan
            switch type {
            case .boolean: return d != 0 ? "true" : "false"
            case .integer:
                // An integer literal converts exactly through its text (a double would round
                // past 2^53); a float must be whole and within Int64 (1e300 once came out as
                // Int64.min).
                if let exact = Int64(n) { return String(exact) }
                guard d.isFinite, d == d.rounded() else {
                    throw location.error(field: field, value: n, "not a whole number")
                }
                guard let whole = Int64(exactly: d) else {
                    throw location.error(field: field, value: n, "out of range for a whole number (at most 9223372036854775807 either way)")
                }
                return String(whole)
            case .real: return String(d)
            case .text, .date:
                throw location.error(field: field, value: n, "expected a JSON string, found a number")
            }
        case .container?:
            throw location.error(field: field, "expected a single value (string, number, true/false or null), found an array or object")
        }
    }
}
