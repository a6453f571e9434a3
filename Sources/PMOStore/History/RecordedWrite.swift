import Crypto
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import Foundation
import GRDB

/// Ends a recorded write's transaction without committing it: nothing changed, or a dry run.
private struct RollBack: Error {
    let summary: ImportSummary
}

extension PortfolioStore {
    /// Runs `body` in one write transaction recorded as one revision (docs/history.md): the
    /// `revisions` row and the `row_history` rows of every row it added, changed or removed
    /// are written in the same transaction. A write that changed nothing records nothing and
    /// writes nothing; a dry run (`options.dryRun`) rolls everything back and returns what it
    /// would have changed.
    ///
    /// `sha256` digests the input; it runs once the write has succeeded and changed something,
    /// so that bad input is refused at its first bad byte, before the whole of it is read.
    func recordedWrite(kind: RevisionKind, source: String, format: String?, sha256: () throws -> String?, options: RevisionOptions,
                       _ body: (Database, HistoryRecorder) throws -> Void) throws -> ImportSummary {
        do {
            return try write { tx in
                let recorder = try HistoryRecorder(db: tx.db, kind: kind, source: source, format: format, options: options)
                try body(tx.db, recorder)
                try PortfolioStore.checkForeignKeysBeforeCommit(tx.db, source: source)
                var summary = ImportSummary(changes: try recorder.finish(samples: options.samples))
                if options.dryRun || summary.tables.isEmpty {
                    summary.dryRun = options.dryRun
                    throw RollBack(summary: summary)
                }
                try recorder.setDigest(try sha256())
                summary.revision = recorder.revision
                summary.knownOn = recorder.knownOn
                return summary
            }
        } catch let rollBack as RollBack {
            return rollBack.summary
        }
    }
}

extension PortfolioStore {
    /// Fails with a `DataError` naming the table, the row and the parent when a reference that
    /// SQLite checks at commit names no row (an import merges self-referencing tables with
    /// `defer_foreign_keys` on, TableRefresh): SQLite itself would only say "FOREIGN KEY
    /// constraint failed" at COMMIT. Free when there is none: SQLite counts the violations it
    /// deferred (`SQLITE_DBSTATUS_DEFERRED_FKS`), and only then is the store searched.
    static func checkForeignKeysBeforeCommit(_ db: Database, source: String) throws {
        var current: Int32 = 0, highwater: Int32 = 0
        guard sqlite3_db_status(db.sqliteConnection, SQLITE_DBSTATUS_DEFERRED_FKS, &current, &highwater, 0) == SQLITE_OK,
              current > 0 else { return }
        guard let row = try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") else { return }
        let table = String.fromDatabaseValue(row["table"]) ?? "?"
        let parent = String.fromDatabaseValue(row["parent"]) ?? "?"
        let rowid = Int64.fromDatabaseValue(row["rowid"])
        let id = try rowid.flatMap { r in
            try StoreSchema.schema(ofTable: table, in: db)?.column("id") != nil
                ? String.fetchOne(db, sql: "SELECT id FROM \(table.quotedDatabaseIdentifier) WHERE rowid = ?", arguments: [r]) : nil
        }
        throw DataError(file: source, path: id.map { "\(table) '\($0)'" } ?? table,
                        reason: "refers to a row of \(parent) that this import leaves out or removes; keep the row it refers to in the input, or fix the reference")
    }
}

/// The SHA-256 of what an import reads (`revisions.sha256`, docs/history.md): a file's bytes;
/// a folder's, the digest of the text `name digest\n` for each of its files that the import
/// reads, in name order. Files are read in chunks of 1 MiB, never whole.
public enum InputDigest {
    /// The hex digest of the file at `path`.
    public static func file(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DataError(file: path, reason: "cannot read the file")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return hex(hasher.finalize())
    }

    /// The hex digest of the files `names` of `folder`, by name.
    public static func folder(_ folder: String, files names: [String]) throws -> String {
        var text = ""
        for name in names.sorted() {
            text += "\(name) \(try file((folder as NSString).appendingPathComponent(name)))\n"
        }
        return hex(SHA256.hash(data: Data(text.utf8)))
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { byte in
            let s = String(byte, radix: 16)
            return byte < 16 ? "0" + s : s
        }.joined()
    }
}
