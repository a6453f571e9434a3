import Foundation

/// What the process that holds a store's write lock is doing, in a small file next to the
/// store (`pmo.sqlite-writer`), so that another pmo that has waited for the lock in vain can
/// say why: "the store is busy: another pmo is writing (import of plan.xml, pid 4242)".
///
/// Written once the write transaction has the lock, removed when it ends. A file left by a
/// process that died is recognised by its pid and ignored.
struct StoreActivity {
    let file: String

    init?(storePath: String?) {
        guard let storePath else { return nil }
        file = storePath + "-writer"
    }

    /// Records `what` ("import of plan.xml"; nil: "a write") for this process.
    func begin(_ what: String?) {
        let text = "\(getpid())\n\(what ?? "a write")\n"
        FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
    }

    /// Removes the record, if it is still this process's.
    func end() {
        guard let (pid, _) = read(), pid == getpid() else { return }
        try? FileManager.default.removeItem(atPath: file)
    }

    /// "import of plan.xml, pid 4242" for a live process that left a record, else nil.
    func current() -> String? {
        guard let (pid, what) = read(), pid != getpid(), kill(pid, 0) == 0 || errno == EPERM else { return nil }
        return "\(what), pid \(pid)"
    }

    private func read() -> (pid_t, String)? {
        guard let data = FileManager.default.contents(atPath: file), data.count < 4096 else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", maxSplits: 1)
        guard lines.count == 2, let pid = pid_t(lines[0]), pid > 0 else { return nil }
        return (pid, lines[1].trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

extension StoreError {
    /// The error of a writer that waited `waited` seconds for another process's write.
    static func busy(path: String, writer: String?, waited: Double) -> StoreError {
        let who = writer.map { "another pmo is writing (\($0))" } ?? "another process is writing to it"
        let seconds = waited == waited.rounded() ? String(Int(waited)) : String(waited)
        return StoreError("\(path): the store is busy: \(who); waited \(seconds) s and wrote nothing. Try again when it is done, or wait longer with `store_busy_timeout` in pmo.config.lua")
    }
}
