import Foundation
import GRDB

/// Writes the store as one JSON document: an object whose keys are table names, each an
/// array of row objects keyed by column (NULL columns left out, custom fields as extra
/// keys). `JSONImporter` reads it back to the same store.
///
/// ```json
/// { "projects": [ { "id": "PRJ-001", "name": "Billing", "phase": "execution", "bac": 1200000 } ] }
/// ```
public struct JSONExporter {
    /// Creates an exporter.
    public init() {}

    /// The JSON document for the whole store.
    public func document(_ store: PortfolioStore) throws -> Data {
        try store.reader.read { db in
            var out = "{"
            var firstTable = true
            for table in try StoreSchema.tables(db) {
                let dump = try TableDump(db: db, table: table)
                var rows: [String] = []
                try dump.forEachRow(db: db) { values in
                    var fields: [String] = []
                    for (i, value) in values.enumerated() {
                        guard let value else { continue }
                        let type = i < table.columns.count ? table.columns[i].type : .text
                        fields.append(JSONExporter.string(dump.header[i]) + ": " + JSONExporter.literal(value, type))
                    }
                    rows.append("{" + fields.joined(separator: ", ") + "}")
                }
                guard !rows.isEmpty else { continue }
                out += (firstTable ? "\n" : ",\n") + "  " + JSONExporter.string(table.name) + ": [\n    "
                out += rows.joined(separator: ",\n    ") + "\n  ]"
                firstTable = false
            }
            return Data((out + "\n}\n").utf8)
        }
    }

    /// Writes the document to `path`; returns rows written per table.
    @discardableResult
    public func export(_ store: PortfolioStore, to path: String) throws -> ImportSummary {
        let data = try document(store)
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            throw StoreError("\(path): cannot write the file; check the folder's permissions and free space")
        }
        var summary = ImportSummary()
        for (table, rows) in try store.counts().sorted(by: { $0.key < $1.key }) where table != StoreSchema.customFieldsTable {
            summary.add(rows, to: table)
        }
        return summary
    }

    static func literal(_ text: String, _ type: ColumnType) -> String {
        switch type {
        case .integer, .real: text
        case .boolean: text
        case .text, .date: string(text)
        }
    }

    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
