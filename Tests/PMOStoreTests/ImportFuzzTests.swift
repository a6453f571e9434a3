import Foundation
import FuzzSupport
import GRDB
import PMOModel
@testable import PMOStore
import XCTest

/// Fuzzes the CSV bundle, JSON and MSPDI importers (issue 9): seeded mutations of valid files
/// (exported from a demo store, plus MSPDI samples) go to the importers in process, and every
/// input must end in success or a `DataError` that leaves the store exactly as it was. Any other
/// error is a finding; a crash or a hang takes the test down, but the input that caused it is
/// on disk first. See docs/fuzzing.md for longer runs and replaying.
final class ImportFuzzTests: XCTestCase {
    enum Format: String, CaseIterable { case csv, json, mspdi }

    func testMutatedInputsEndInSuccessOrADataErrorThatLeavesTheStoreUnchanged() throws {
        let env = ProcessInfo.processInfo.environment
        let run = try FuzzRun(defaultSeed: 20261210, defaultIterations: 400)
        let scratch = NSTemporaryDirectory() + "pmo-import-fuzz/seed-\(run.seed)"
        try? FileManager.default.removeItem(atPath: scratch)
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        print("import fuzz: \(run), inputs in \(scratch) (replay with \(run.replay()))")

        let seeds = try Seeds()
        var mutator = ImportMutator(seed: run.seed)
        let watchdog = Watchdog(limit: Double(env["PMO_IMPORT_FUZZ_HANG_SECONDS"] ?? "") ?? 20)
        // Also when the loop throws: a watchdog left armed would abort a later test.
        defer { watchdog.cancel() }
        var store = try Self.baseStore()
        let base = try Self.fingerprint(store)
        var counts: [String: Int] = [:]
        var busy: [Format: Double] = [:]
        let n = try run.forEachCase { n in
            let format = mutator.pick(Format.allCases)
            let began = Date()
            defer { busy[format, default: 0] += Date().timeIntervalSince(began) }
            let path = try seeds.writeMutated(format, mutator: &mutator, into: scratch)
            watchdog.started(path)
            do {
                switch format {
                case .csv: _ = try CSVBundleImporter().importBundle(at: path, into: store)
                case .json: _ = try JSONImporter().importDocument(at: path, into: store)
                case .mspdi: _ = try MSPDIImporter().importFile(at: path, into: store)
                }
                counts["\(format) ok", default: 0] += 1
                store = try Self.baseStore()
            } catch let e as DataError {
                counts["\(format) DataError", default: 0] += 1
                if try Self.fingerprint(store) != base {
                    record(path, run: run, case: n, "a failed import changed the store: \(e)")
                    store = try Self.baseStore()
                }
            } catch {
                counts["\(format) other", default: 0] += 1
                record(path, run: run, case: n, "not a DataError: \(type(of: error)): \(error)")
            }
            watchdog.finished()
        }
        print("import fuzz: \(n) cases: \(counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        print("import fuzz: seconds per format: \(busy.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key) \(String(format: "%.1f", $0.value))" }.joined(separator: ", "))")
        try? FileManager.default.removeItem(atPath: scratch)
    }

    /// Saves a finding where docs/fuzzing.md says, and fails the test naming the seed.
    func record(_ path: String, run: FuzzRun, case n: Int, _ why: String) {
        let dir = NSTemporaryDirectory() + "pmo-import-fuzz-findings"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let target = "\(dir)/seed-\(run.seed)-case-\(n)-" + (path as NSString).lastPathComponent
        try? FileManager.default.removeItem(atPath: target)
        try? FileManager.default.copyItem(atPath: path, toPath: target)
        XCTFail("case \(n): \(why) (input saved as \(target); replay with \(run.replay(upTo: n)))")
    }

    /// A store with a little data of its own, whose ids no seed uses, so that a rollback that
    /// loses it, or a partial import that adds to it, shows.
    static func baseStore() throws -> PortfolioStore {
        let store = try PortfolioStore()
        try store.write { tx in
            try tx.insert(Portfolio(id: "FUZZ", name: "Fuzz"))
            try tx.insert(Project(id: "FUZZ-1", name: "Base", portfolioId: "FUZZ", phase: .execution, bac: 1000))
        }
        return store
    }

    /// Every row of every table, as text.
    static func fingerprint(_ store: PortfolioStore) throws -> String {
        try store.database.read { db in
            var text = ""
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
                text += table + ": " + (try Row.fetchAll(db, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier)")).description + "\n"
            }
            return text
        }
    }

    /// The valid inputs mutations start from.
    struct Seeds {
        var bundle: [String: [UInt8]] = [:]
        var json: [UInt8] = []
        var mspdi: [[UInt8]] = []
        /// The bundle folder's files as they are on disk, so that a case rewrites only the
        /// files it changes (rewriting all of them made each case disk-bound).
        let onDisk = OnDisk()

        final class OnDisk { var files: [String: [UInt8]]? }

        init() throws {
            let demo = try PortfolioStore.demo(projects: 2, seed: 3)
            let folder = NSTemporaryDirectory() + "pmo-import-fuzz-seed-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try CSVBundleExporter().export(demo, to: folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
                bundle[name] = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
            }
            json = [UInt8](try JSONExporter().document(demo))
            mspdi = [Array(ImportFuzzTests.sampleMSPDI.utf8)]
            // The third-party samples next to the repository, when present; the small ones
            // only, so a case stays cheap.
            let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/mspdi").path
            for name in (try? FileManager.default.contentsOfDirectory(atPath: shared).sorted()) ?? [] where name.hasSuffix(".xml") {
                if let data = FileManager.default.contents(atPath: shared + "/" + name), data.count < 70_000 {
                    mspdi.append([UInt8](data))
                }
            }
        }

        /// Writes one mutated input for `format` under `folder`; returns its path.
        func writeMutated(_ format: Format, mutator: inout ImportMutator, into folder: String) throws -> String {
            switch format {
            case .json:
                let path = folder + "/input.json"
                try Data(mutator.mutate(json, others: [], structure: { m, b in m.json(b) })).write(to: URL(fileURLWithPath: path))
                return path
            case .mspdi:
                let path = folder + "/input.xml"
                let start = mutator.pick(mspdi)
                try Data(mutator.mutate(start, others: mspdi, structure: { m, b in m.xml(b) })).write(to: URL(fileURLWithPath: path))
                return path
            case .csv:
                let path = folder + "/bundle"
                var files = bundle
                let names = files.keys.sorted()
                for _ in 0...mutator.int(2) {
                    let name = mutator.pick(names)
                    files[name] = mutator.mutate(files[name] ?? [], others: names.compactMap { bundle[$0] },
                                                 structure: { m, b in m.csv(b) })
                }
                // Whole-bundle changes: a file missing (its rows' children dangle), a file
                // that names no table, a file emptied.
                if mutator.chance(10) { files[mutator.pick(names)] = nil }
                if mutator.chance(20) { files[mutator.pick(["notes.csv", "Projects.csv", "projects.CSV", ".csv"])] = files[mutator.pick(names)] }
                if mutator.chance(20) { files[mutator.pick(names)] = [] }
                if onDisk.files == nil {
                    try? FileManager.default.removeItem(atPath: path)
                    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                    onDisk.files = [:]
                }
                for (name, old) in onDisk.files! where files[name] == nil || files[name]! != old {
                    try FileManager.default.removeItem(atPath: path + "/" + name)
                    onDisk.files![name] = nil
                }
                for (name, bytes) in files where onDisk.files![name] == nil {
                    try Data(bytes).write(to: URL(fileURLWithPath: path + "/" + name))
                    onDisk.files![name] = bytes
                }
                return path
            }
        }
    }

    /// Aborts the test process if one case runs longer than `limit` seconds: a hang is a
    /// finding, and the input that caused it is the one on disk.
    final class Watchdog: @unchecked Sendable {
        private let lock = NSLock()
        private var current: (path: String, since: Date)?
        private var done = false

        init(limit: Double) {
            Thread.detachNewThread { [self] in
                while true {
                    Thread.sleep(forTimeInterval: 0.5)
                    lock.lock()
                    let (now, over) = (current, done)
                    lock.unlock()
                    if over { return }
                    if let now, Date().timeIntervalSince(now.since) > limit {
                        FileHandle.standardError.write(Data("import fuzz: a case ran past \(limit) s (a hang); its input is \(now.path)\n".utf8))
                        abort()
                    }
                }
            }
        }

        func started(_ path: String) { lock.lock(); current = (path, Date()); lock.unlock() }
        func finished() { lock.lock(); current = nil; lock.unlock() }
        func cancel() { lock.lock(); done = true; lock.unlock() }
    }

    /// A small MSPDI file using every element the importer reads: a project summary with
    /// baselines, a summary task, tasks with links, a milestone, resources and assignments.
    static let sampleMSPDI = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Project xmlns="http://schemas.microsoft.com/project">
        <Name>fuzz.xml</Name>
        <Title>Fuzz sample</Title>
        <Manager>Ada</Manager>
        <StartDate>2026-01-05T08:00:00</StartDate>
        <FinishDate>2026-03-27T17:00:00</FinishDate>
        <StatusDate>2026-02-13T17:00:00</StatusDate>
        <Tasks>
        <Task><UID>0</UID><Name>Fuzz sample</Name><OutlineLevel>0</OutlineLevel><Summary>1</Summary><Cost>1200000</Cost><ActualStart>2026-01-05T08:00:00</ActualStart>
        <Baseline><Number>0</Number><Start>2026-01-05T08:00:00</Start><Finish>2026-03-20T17:00:00</Finish><Cost>1100000</Cost><Work>PT480H0M0S</Work></Baseline>
        <Baseline><Number>1</Number><Start>2026-01-12T08:00:00</Start><Finish>2026-03-27T17:00:00</Finish><Cost>1150000</Cost><Work>PT500H0M0S</Work></Baseline></Task>
        <Task><UID>1</UID><Name>Design</Name><WBS>1</WBS><OutlineLevel>1</OutlineLevel><Summary>1</Summary><Start>2026-01-05T08:00:00</Start><Finish>2026-02-06T17:00:00</Finish><PercentComplete>80</PercentComplete><Cost>400000</Cost><Work>PT160H0M0S</Work></Task>
        <Task><UID>2</UID><Name>Specify</Name><WBS>1.1</WBS><OutlineLevel>2</OutlineLevel><Start>2026-01-05T08:00:00</Start><Finish>2026-01-16T17:00:00</Finish><ActualStart>2026-01-05T08:00:00</ActualStart><ActualFinish>2026-01-16T17:00:00</ActualFinish><PercentComplete>100</PercentComplete><Cost>200000</Cost><Work>PT80H0M0S</Work>
        <Baseline><Number>0</Number><Start>2026-01-05T08:00:00</Start><Finish>2026-01-16T17:00:00</Finish><Cost>190000</Cost><Work>PT80H0M0S</Work></Baseline></Task>
        <Task><UID>3</UID><Name>Review</Name><WBS>1.2</WBS><OutlineLevel>2</OutlineLevel><Start>2026-01-19T08:00:00</Start><Finish>2026-02-06T17:00:00</Finish><PercentComplete>60</PercentComplete><Cost>200000</Cost><Work>PT80H0M0S</Work>
        <PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type><LinkLag>4800</LinkLag></PredecessorLink></Task>
        <Task><UID>4</UID><Name>Sign-off</Name><WBS>2</WBS><OutlineLevel>1</OutlineLevel><Milestone>1</Milestone><Start>2026-02-06T17:00:00</Start><Finish>2026-02-06T17:00:00</Finish><PercentComplete>0</PercentComplete>
        <PredecessorLink><PredecessorUID>3</PredecessorUID><Type>1</Type><LinkLag>0</LinkLag></PredecessorLink></Task>
        <Task><UID>5</UID><IsNull>1</IsNull></Task>
        </Tasks>
        <Resources>
        <Resource><UID>0</UID><Name>Unassigned</Name></Resource>
        <Resource><UID>1</UID><Name>Ada</Name><Type>1</Type><Group>Engineering</Group><MaxUnits>1.00</MaxUnits><StandardRate>85</StandardRate></Resource>
        <Resource><UID>2</UID><Name>Grace</Name><Type>1</Type><MaxUnits>0.50</MaxUnits><StandardRate>95</StandardRate></Resource>
        </Resources>
        <Assignments>
        <Assignment><UID>1</UID><TaskUID>2</TaskUID><ResourceUID>1</ResourceUID><Work>PT80H0M0S</Work></Assignment>
        <Assignment><UID>2</UID><TaskUID>3</TaskUID><ResourceUID>2</ResourceUID><Work>PT40H0M0S</Work></Assignment>
        <Assignment><UID>3</UID><TaskUID>4</TaskUID><ResourceUID>-65535</ResourceUID><Work>PT0H0M0S</Work></Assignment>
        </Assignments>
        </Project>
        """

    func testSampleMSPDISeedImports() throws {
        let folder = try temporaryFolder(self)
        let path = try write(Self.sampleMSPDI, to: "fuzz.xml", in: folder)
        let summary = try MSPDIImporter().importFile(at: path, into: try Self.baseStore())
        XCTAssertTrue("\(summary)".contains("4 tasks"), "\(summary)")
    }

    func testUnmutatedSeedsImport() throws {
        // Otherwise every mutation would start from an input that already fails.
        let seeds = try Seeds()
        let folder = try temporaryFolder(self)
        for (name, bytes) in seeds.bundle { try Data(bytes).write(to: URL(fileURLWithPath: folder + "/" + name)) }
        XCTAssertNoThrow(try CSVBundleImporter().importBundle(at: folder, into: try Self.baseStore()))
        let json = folder + ".json"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: json) }
        try Data(seeds.json).write(to: URL(fileURLWithPath: json))
        XCTAssertNoThrow(try JSONImporter().importDocument(at: json, into: try Self.baseStore()))
    }
}
