import Foundation
import GRDB
import PMOModel
@testable import PMOStore
import XCTest

/// MS Project's own schedule, read from the XML by the test (MSPDIText, not the importer): per
/// task its `EarlyStart`, `EarlyFinish`, `LateStart`, `LateFinish` (minute precision),
/// `TotalSlack`, `FreeSlack` (tenths of a minute) and `Critical` — the oracle.
struct MSProjectTask {
    var uid: String
    var name: String
    var fields: [String: String]

    func moment(_ key: String) -> Moment? {
        guard let v = fields[key], v.count >= 16, let day = Day(String(v.prefix(10))) else { return nil }
        let hm = v.dropFirst(11).prefix(5).split(separator: ":")
        guard hm.count == 2, let h = Int(hm[0]), let m = Int(hm[1]) else { return nil }
        return Moment(day: day, minuteOfDay: h * 60 + m)
    }

    /// Tenths of a minute to minutes.
    func slack(_ key: String) -> Int? { fields[key].flatMap { Int($0) }.map { $0 / 10 } }
    var critical: Bool? { fields["Critical"].map { $0 == "1" } }
}

/// One file's comparison: per task, the fields where pmo and MS Project differ.
struct Agreement {
    var file: String
    var compared = 0
    var equal = 0
    /// task id -> differing fields, "EarlyStart pmo 2010-... msp 2010-..."
    var differences: [(id: String, name: String, fields: [String])] = []
}

func agreement(_ path: String) throws -> Agreement {
    let name = (path as NSString).lastPathComponent
    let base = (name as NSString).deletingPathExtension
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let store = try importedStore(path)
    let projects = try store.database.read { db in try ScheduleQuery.read(db, projectIds: nil) }
    var result = Agreement(file: name)
    guard let project = projects.first else { return result }
    let schedule = CriticalPath.schedule(project.network, calendars: project.calendars)
    if ProcessInfo.processInfo.environment["AGREE_DUMP"] == base {
        print("NET start \(project.network.start) status \(String(describing: project.network.statusDate)) mpd \(project.network.minutesPerDay) cal \(String(describing: project.network.calendarId))")
        for t in project.network.tasks { print("NET", t) }
        for l in project.network.links { print("NET", l) }
        print("NET problems", schedule.problems)
    }
    var byId: [String: ScheduledTask] = [:]
    for t in schedule.tasks { byId[t.id] = t }
    for block in MSPDIText.blocks(text, "Task") {
        let f = MSPDIText.fields(block)
        guard let uid = f["UID"], let pmo = byId["\(base)/T\(uid)"] else { continue }
        let msp = MSProjectTask(uid: uid, name: f["Name"] ?? "", fields: f)
        var diffs: [String] = []
        func check<T: Equatable>(_ field: String, _ ours: T?, _ theirs: T?) {
            guard let theirs else { return }
            if ours != theirs { diffs.append("\(field) pmo \(ours.map { "\($0)" } ?? "nil") msp \(theirs)") }
        }
        check("EarlyStart", pmo.earlyStart, msp.moment("EarlyStart"))
        check("EarlyFinish", pmo.earlyFinish, msp.moment("EarlyFinish"))
        check("LateStart", pmo.lateStart, msp.moment("LateStart"))
        check("LateFinish", pmo.lateFinish, msp.moment("LateFinish"))
        check("TotalSlack", pmo.totalFloatMinutes, msp.slack("TotalSlack"))
        check("FreeSlack", pmo.freeFloatMinutes, msp.slack("FreeSlack"))
        check("Critical", pmo.isCritical, msp.critical)
        result.compared += 1
        if diffs.isEmpty { result.equal += 1 } else { result.differences.append((pmo.id, msp.name, diffs)) }
    }
    return result
}

/// pmo's critical path engine against MS Project's own schedule in every file of the shared
/// corpus (skipped when ../shared/data is absent).
final class MSProjectAgreementTests: XCTestCase {
    func testDiagnostic() throws {
        for path in try sharedMSPDIFiles() {
            let a = try agreement(path)
            print("AGREE \(a.file): \(a.equal)/\(a.compared)")
            for d in a.differences.prefix(Int(ProcessInfo.processInfo.environment["AGREE_N"] ?? "8") ?? 8) {
                print("   \(d.id) [\(d.name)] \(d.fields.joined(separator: "; "))")
            }
        }
    }
}
