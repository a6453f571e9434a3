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
    /// The table's refresh (its stage and merge), and its custom fields'.
    private let refresh: TableRefresh
    private let customRefresh: TableRefresh?
    /// The columns the input gives, and the custom fields' names.
    let givenColumns: [String]
    let customNames: [String]

    /// Prepares for records whose fields are `fieldNames`, written through `refresh`; throws
    /// when a required column is missing, a name repeats, or custom fields cannot attach (no
    /// `id` column).
    init(db: Database, table: TableSchema, fieldNames: [String], at location: SourceLocation, refresh: TableRefresh) throws {
        self.refresh = refresh
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
        inserter = try TableInserter(db: db, table: table, columns: known, stage: refresh.direct ? nil : refresh.target)
        givenColumns = known.map(\.name)
        columnIndex = matched.map { name in known.firstIndex { $0.name == name } }
        idIndex = matched.firstIndex(of: "id")
        customNames = zip(fieldNames, columnIndex).filter { $0.1 == nil }.map(\.0)
        if let unknown = customNames.first {
            guard table.hasId, idIndex != nil else {
                throw location.error(field: unknown, "\(table.name) has no column '\(unknown)' and, having no id column, cannot keep it as a custom field; known columns: \(table.columns.map(\.name).joined(separator: ", "))")
            }
            let schema = try StoreSchema.customFieldsSchema(db)
            if refresh.direct {
                customRefresh = nil
                customFields = try TableInserter(db: db, table: schema, columns: schema.columns)
            } else {
                // The custom fields the input carries (its extra columns) of the rows it has.
                let names = customNames.map { _ in "?" }.joined(separator: ", ")
                let scope = RefreshScope("entity = ? AND name IN (\(names)) AND entity_id IN (SELECT id FROM \(refresh.target))",
                                         StatementArguments([table.name] + customNames))
                let custom = try TableRefresh(db: db, table: schema, scope: scope, recorder: refresh.recorder, stageName: "refresh_custom_fields")
                customRefresh = custom
                customFields = try TableInserter(db: db, table: schema, columns: schema.columns, stage: custom.target)
            }
        } else {
            customFields = nil
            customRefresh = nil
        }
    }

    /// Merges what was staged into the store (`TableRefresh`), the table then its custom
    /// fields. `location` names a row by its place in the input.
    func finish(location: (Int64) -> SourceLocation) throws {
        try refresh.merge(columns: givenColumns, location: location)
        if let customRefresh {
            try customRefresh.merge(columns: ["value"], location: location)
            try customRefresh.dropStage()
        } else if refresh.direct, customFields != nil {
            try refresh.recorder.recordAdded(StoreSchema.customFieldsTable, alias: "a", from: "FROM main.custom_fields AS a WHERE a.entity = ?",
                                             arguments: [table.name])
        }
        try refresh.dropStage()
    }

    /// The column a header or key names: lower case, spaces and hyphens as underscores.
    static func columnName(_ header: String) -> String {
        String(header.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    /// Inserts one record; `text(i)` gives field i's text (nil for no value). With `raw`
    /// (the CSV fast path: field i's bytes still in the input buffer, and whether they hold
    /// doubled quotes), plain values are taken from the bytes and only the rest from `text`;
    /// the caller has checked that the whole buffer is valid UTF-8.
    func insert(at location: SourceLocation, ordinal: Int, raw: ((Int) -> (UnsafeBufferPointer<UInt8>, Bool))? = nil,
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
        try inserter.insert(at: location, ordinal: ordinal)
        try insertCustomFields(at: location, ordinal: ordinal, text: text)
    }

    private func insertCustomFields(at location: SourceLocation, ordinal: Int, text: (Int) throws -> String?) throws {
        guard let customFields, let idIndex, let id = try text(idIndex) else { return }
        for (i, index) in columnIndex.enumerated() where index == nil {
            guard let value = try text(i) else { continue }
            customFields.set(0, .text(table.name))
            customFields.set(1, .text(id))
            customFields.set(2, .text(fieldNames[i]))
            customFields.set(3, .text(value))
            try customFields.insert(at: location, ordinal: ordinal)
            customFieldsInserted += 1
        }
    }
}
