/// How far an import has got, for a progress bar: `done` of `total` units (bytes of a CSV
/// bundle, rows of a JSON document), and the file being read.
///
/// Reported from inside the import's transaction, on the importing thread; a handler should
/// only record or draw, never touch the store.
public struct ImportProgress: Sendable, Equatable {
    /// Units done so far.
    public var done: Int
    /// Units in all.
    public var total: Int
    /// The file being read.
    public var file: String

    /// Creates a report.
    public init(done: Int, total: Int, file: String) {
        self.done = done
        self.total = total
        self.file = file
    }

    /// `done / total`, 0...1 (1 when there is nothing to do).
    public var fraction: Double { total > 0 ? min(1, Double(done) / Double(total)) : 1 }
}

/// Receives progress reports.
public typealias ImportProgressHandler = (ImportProgress) -> Void
