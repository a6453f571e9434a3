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

    /// Imports the document at `path` into `store`.
    public func importDocument(at path: String, into store: PortfolioStore) throws -> ImportSummary {
        // First a streaming pass in bounded memory: a file that is not JSON (a NUL byte, bytes
        // that are not UTF-8, a stray byte order mark, a syntax error) fails at its first bad
        // byte, before JSONSerialization needs the whole file in memory.
        let input = try ChunkedInput(path: path, kind: "a JSON document", rejectInvalidUTF8: true)
        guard !input.head(1).isEmpty else {
            throw DataError(file: path, line: 1, reason: "empty file: expected a JSON object whose keys are table names")
        }
        try JSONSyntaxCheck.check(input)
        guard var data = FileManager.default.contents(atPath: path) else {
            throw DataError(file: path, reason: "cannot read the file; check that it exists and is readable")
        }
        if input.startsWithBOM { data.removeFirst(3) }
        let document: Any
        do {
            document = try JSONSerialization.jsonObject(with: data)
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw DataError(file: path, reason: "not valid JSON (\(detail)); the file may be truncated or not JSON at all")
        }
        guard let object = document as? [String: Any] else {
            throw DataError(file: path, path: "$", reason: "expected a JSON object whose keys are table names")
        }
        return try store.write { tx in
            let db = tx.db
            let tables = try StoreSchema.tables(db)
            for key in object.keys.sorted() where !tables.contains(where: { $0.name == key }) {
                throw DataError(file: path, path: "$.\(key)", reason: "no table named '\(key)'; keys are table names: \(tables.map(\.name).joined(separator: ", "))")
            }
            var summary = ImportSummary()
            let total = tables.reduce(0) { $0 + ((object[$1.name] as? [Any])?.count ?? 0) }
            var meter = ProgressMeter(total: total, handler: progress)
            for table in tables {
                guard let value = object[table.name] else { continue }
                guard let rows = value as? [Any] else {
                    throw DataError(file: path, path: "$.\(table.name)", reason: "expected an array of row objects")
                }
                let (added, custom) = try importRows(rows, into: table, db: db, file: path, meter: &meter)
                meter.finish(file: path, size: rows.count)
                summary.add(added, to: table.name)
                summary.add(custom, to: StoreSchema.customFieldsTable)
            }
            return summary
        }
    }

    private func importRows(_ rows: [Any], into table: TableSchema, db: Database, file: String, meter: inout ProgressMeter) throws -> (Int, Int) {
        var objects: [[String: Any]] = []
        var names = Set<String>()
        for (i, row) in rows.enumerated() {
            guard let object = row as? [String: Any] else {
                throw DataError(file: file, path: "$.\(table.name)[\(i)]", reason: "expected an object with one key per column")
            }
            objects.append(object)
            names.formUnion(object.keys)
        }
        guard !objects.isEmpty else { return (0, 0) }
        let known = table.columns.map(\.name).filter(names.contains)
        let fieldNames = known + names.subtracting(known).sorted()
        let record = try RecordImport(db: db, table: table, fieldNames: fieldNames,
                                      at: SourceLocation(file: file, path: "$.\(table.name)"))
        for (i, object) in objects.enumerated() {
            let location = SourceLocation(file: file, path: "$.\(table.name)[\(i)]")
            try record.insert(at: location) { f in
                let name = fieldNames[f]
                let type = record.columnIndex[f].map { record.inserter.columns[$0].type } ?? .text
                return try JSONImporter.text(of: object[name], type: type, field: name, at: location)
            }
            meter.record(file: file, position: i + 1)
        }
        return (record.inserter.inserted, record.customFieldsInserted)
    }

    /// The value as the text `FieldParser` reads; numbers only where numbers belong.
    static func text(of value: Any?, type: ColumnType, field: String, at location: SourceLocation) throws -> String? {
        switch value {
        case nil, is NSNull: return nil
        case let s as String:
            return s
        case let n as NSNumber:
            switch type {
            case .boolean: return n.boolValue ? "true" : "false"
            case .integer:
                // An integer literal converts exactly through its text (a double would round
                // past 2^53); a float must be whole and within Int64, which `int64Value`
                // would not check (1e300 came out as Int64.min).
                if let exact = Int64(n.stringValue) { return String(exact) }
                let d = n.doubleValue
                guard d.isFinite, d == d.rounded() else {
                    throw location.error(field: field, value: "\(n)", "not a whole number")
                }
                guard let whole = Int64(exactly: d) else {
                    throw location.error(field: field, value: "\(n)", "out of range for a whole number (at most 9223372036854775807 either way)")
                }
                return String(whole)
            case .real: return String(n.doubleValue)
            case .text, .date:
                throw location.error(field: field, value: "\(n)", "expected a JSON string, found a number")
            }
        default:
            throw location.error(field: field, "expected a single value (string, number, true/false or null), found an array or object")
        }
    }
}
