/// Turns per-record positions within files (bytes of a CSV file, rows of a JSON table) into
/// import-wide progress reports, every `interval` records, so a handler costs nothing
/// measurable on a bulk import.
struct ProgressMeter {
    let total: Int
    let handler: ImportProgressHandler?
    /// Bytes of the files already finished.
    private var before = 0
    private var records = 0
    static let interval = 4096

    init(total: Int, handler: ImportProgressHandler?) {
        self.total = total
        self.handler = handler
    }

    /// One record read; `position` is the byte offset reached in `file`.
    mutating func record(file: String, position: Int) {
        guard let handler else { return }
        records += 1
        if records % Self.interval == 0 {
            handler(ImportProgress(done: before + position, total: total, file: file))
        }
    }

    /// `file` is done.
    mutating func finish(file: String, size: Int) {
        before += size
        handler?(ImportProgress(done: before, total: total, file: file))
    }
}
