import Foundation
import GRDB

/// Writes a CSV bundle: one `<table>.csv` per non-empty table, custom fields as extra
/// columns, RFC 4180 quoting, UTF-8 without BOM, LF line ends. `CSVBundleImporter` reads it
/// back to the same store.
public struct CSVBundleExporter {
    /// Creates an exporter.
    public init() {}

    /// Exports `store` into `folder` (created if needed); returns rows written per table.
    @discardableResult
    public func export(_ store: PortfolioStore, to folder: String) throws -> ImportSummary {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return try store.reader.read { db in
            var summary = ImportSummary()
            for table in try StoreSchema.tables(db) {
                let dump = try TableDump(db: db, table: table)
                var out: [UInt8] = []
                out.reserveCapacity(1 << 20)
                CSVBundleExporter.appendRecord(dump.header, to: &out)
                var rows = 0
                try dump.forEachRow(db: db) { values in
                    CSVBundleExporter.appendRecord(values, to: &out)
                    rows += 1
                }
                guard rows > 0 else { continue }
                let path = (folder as NSString).appendingPathComponent(table.name + ".csv")
                guard FileManager.default.createFile(atPath: path, contents: Data(out)) else {
                    throw StoreError("\(path): cannot write the file; check the folder's permissions and free space")
                }
                summary.add(rows, to: table.name)
            }
            return summary
        }
    }

    static func appendRecord(_ values: [String?], to out: inout [UInt8]) {
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(0x2C) }
            guard let value else { continue }
            let utf8 = value.utf8
            // An empty text is quoted: a bare empty field reads back as no value.
            if utf8.isEmpty || utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                out.append(0x22)
                for c in utf8 {
                    if c == 0x22 { out.append(0x22) }
                    out.append(c)
                }
                out.append(0x22)
            } else {
                out.append(contentsOf: utf8)
            }
        }
        out.append(0x0A)
    }
}
