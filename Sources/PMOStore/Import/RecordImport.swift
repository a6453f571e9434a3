import GRDB

/// Inserts one table's records, given as field texts by column name, with unknown names
/// kept as custom fields. Shared by the CSV bundle and JSON importers so both accept and
/// reject exactly the same values.
final class RecordImport {
    let table: TableSchema
    let inserter: TableInserter
    /// Index into `inserter.columns` for each known source field, nil for a custom field.
    let columnIndex: [Int?]
    let fieldNames: [String]
    private let customFields: TableInserter?
    private let idIndex: Int?
    private(set) var customFieldsInserted = 0

    /// Prepares for records whose fields are `fieldNames`; throws when a required column is
    /// missing, a name repeats, or custom fields cannot attach (no `id` column).
    init(db: Database, table: TableSchema, fieldNames: [String], at location: SourceLocation) throws {
        self.table = table
        self.fieldNames = fieldNames
        // Headers match columns loosely (`Report Date` is report_date), as a spreadsheet user
        // writes them; custom fields keep the name as written.
        let matched = fieldNames.map(RecordImport.columnName)
        var seen = Set<String>()
        for (name, column) in zip(fieldNames, matched) {
            guard seen.insert(column).inserted else {
                throw location.error(field: name, "this column appears twice; keep one")
            }
        }
        let known = table.columns.filter { matched.contains($0.name) }
        for column in table.columns where column.required && !seen.contains(column.name) {
            throw location.error(field: column.name, "required column is missing from \(table.name) (columns are documented in docs/schema.md)")
        }
        inserter = try TableInserter(db: db, table: table, columns: known)
        columnIndex = matched.map { name in known.firstIndex { $0.name == name } }
        idIndex = matched.firstIndex(of: "id")
        if let unknown = zip(fieldNames, columnIndex).first(where: { $0.1 == nil })?.0 {
            guard table.hasId, idIndex != nil else {
                throw location.error(field: unknown, "\(table.name) has no column '\(unknown)' and, having no id column, cannot keep it as a custom field; known columns: \(table.columns.map(\.name).joined(separator: ", "))")
            }
            let schema = try StoreSchema.customFieldsSchema(db)
            customFields = try TableInserter(db: db, table: schema, columns: schema.columns)
        } else {
            customFields = nil
        }
    }

    /// The column a header or key names: lower case, spaces and hyphens as underscores.
    static func columnName(_ header: String) -> String {
        String(header.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    /// Inserts one record; `text(i)` gives field i's text (nil for no value). With `raw`
    /// (the CSV fast path: field i's bytes still in the input buffer, and whether they hold
    /// doubled quotes), plain values are taken from the bytes and only the rest from `text`;
    /// the caller has checked that the whole buffer is valid UTF-8.
    func insert(at location: SourceLocation, raw: ((Int) -> (UnsafeBufferPointer<UInt8>, Bool))? = nil,
                text: (Int) throws -> String?) throws {
        for (i, index) in columnIndex.enumerated() {
            guard let index else { continue }
            let column = inserter.columns[index]
            if let (bytes, escaped) = raw?(i), !escaped, let value = FieldParser.parseBytes(bytes, for: column) {
                inserter.set(index, value)
                continue
            }
            let textValue = try text(i)
            switch FieldParser.parse(textValue, for: column) {
            case .success(let value): inserter.set(index, value)
            case .failure(let problem): throw location.error(field: column.name, value: textValue, problem.reason)
            }
        }
        try inserter.insert(at: location)
        try insertCustomFields(at: location, text: text)
    }

    private func insertCustomFields(at location: SourceLocation, text: (Int) throws -> String?) throws {
        guard let customFields, let idIndex, let id = try text(idIndex) else { return }
        for (i, index) in columnIndex.enumerated() where index == nil {
            guard let value = try text(i) else { continue }
            customFields.set(0, .text(table.name))
            customFields.set(1, .text(id))
            customFields.set(2, .text(fieldNames[i]))
            customFields.set(3, .text(value))
            try customFields.insert(at: location)
            customFieldsInserted += 1
        }
    }
}
