import Foundation

/// The input formats `pmo import` understands.
public enum ImportFormat: String, CaseIterable, Sendable {
    /// Microsoft Project XML.
    case mspdi
    /// A CSV bundle folder (docs/csv-bundle.md).
    case csv
    /// One JSON document.
    case json
    /// Jira's CSV export.
    case jira

    /// Guesses the format: a folder is a CSV bundle, `.json` is JSON, `.xml` is MSPDI, a
    /// `.csv` file whose header has `Issue key` is Jira. Nil when nothing fits.
    public static func detect(path: String) -> ImportFormat? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue { return .csv }
        switch (path as NSString).pathExtension.lowercased() {
        case "json": return .json
        case "xml", "mspdi": return .mspdi
        case "csv":
            let head = FileHandle(forReadingAtPath: path).map { h in defer { try? h.close() }; return h.readData(ofLength: 8192) }
            let text = head.map { String(decoding: $0, as: UTF8.self) } ?? ""
            return text.prefix { $0 != "\n" }.contains("Issue key") ? .jira : nil
        default: return nil
        }
    }
}

extension PortfolioStore {
    /// Imports `path` in `format` (detected when nil) in one transaction, recorded as one
    /// revision (docs/history.md): an update of what the format owns in the store
    /// (docs/importers.md). `progress` hears how far a CSV bundle (in bytes) or a JSON document
    /// (in rows) has got; MS Project and Jira files are read in chunks into a dataset first and
    /// written in one go. Every format is read chunk by chunk and checked as it is read.
    public func importData(at path: String, format: ImportFormat? = nil, projectId: String? = nil, options: RevisionOptions = RevisionOptions(),
                           progress: ImportProgressHandler? = nil) throws -> ImportSummary {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DataError(file: path, reason: "no such file or folder")
        }
        guard let format = format ?? ImportFormat.detect(path: path) else {
            throw DataError(file: path, reason: "cannot tell the format from the name; pass --format mspdi, csv, json or jira (a single .csv file is read as Jira only when its header has 'Issue key'; a CSV bundle is a folder)")
        }
        switch format {
        case .csv: return try CSVBundleImporter(progress: progress).importBundle(at: path, into: self, options: options)
        case .json: return try JSONImporter(progress: progress).importDocument(at: path, into: self, options: options)
        case .mspdi: return try MSPDIImporter().importFile(at: path, projectId: projectId, into: self, options: options)
        case .jira: return try JiraCSVImporter().importFile(at: path, projectId: projectId, into: self, options: options)
        }
    }
}
