import Foundation
import GRDB
import LuaKit
import PMOModel
import PMOScripting
@testable import PMOStore
import XCTest

/// The `pmo` module, driven from Lua against a generated store.
final class PMOModuleTests: XCTestCase {
    var lua: LuaState!
    var store: PortfolioStore!

    override func setUpWithError() throws {
        lua = try LuaState()
        store = try PortfolioStore.demo(projects: 40, seed: 1)
        try PMOSession(store: store, today: Day("2026-11-27")).install(in: lua)
    }

    func run(_ code: String) throws -> [LuaValue] { try lua.run(code, name: "=test") }

    func message(_ code: String) -> String? {
        do { _ = try run(code); return nil } catch { return (error as? LuaError)?.fullMessage ?? "\(error)" }
    }

    func testASessionCollectsOnlyOnceTheHeapHasGrownFourfold() throws {
        // PMOSession sets the collector's pause to 400%: garbage piles up to about four times
        // the live heap (here, the loaded portfolio) before a cycle starts.
        let growth = try run("""
            local ps = pmo.projects()
            collectgarbage("collect")
            local base, peak = collectgarbage("count"), 0
            for i = 1, 400000 do
              local t = { i }
              if i % 100 == 0 then peak = math.max(peak, collectgarbage("count")) end
            end
            return peak / base
            """).first?.doubleValue ?? 0
        XCTAssertGreaterThan(growth, 3.5)
    }

    func testASessionRunsNoCollectionCycleBeforeItHasAllocated64MiB() throws {
        // PMOSession postpones the collector's first cycle: the portfolio a session loads
        // first stays alive, and an early cycle would only mark it. 40 MB of garbage, about.
        let ended = try run("""
            local ps = pmo.projects()
            local ended = false
            setmetatable({}, { __gc = function() ended = true end })
            for i = 1, 40 * 16384 do local t = { i } end
            return ended
            """)
        XCTAssertEqual(ended, [false])
    }

    // MARK: queries

    func testEndlessSQLStopsWhenTheScriptIsInterrupted() throws {
        // As Ctrl-C in the REPL: no hook runs inside SQLite, the progress handler sees the flag.
        let handle = lua.interruptHandle
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { handle.interrupt() }
        let start = Date()
        XCTAssertThrowsError(try run("""
            return pmo.sql('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c')
            """)) { error in
            XCTAssertEqual((error as? LuaError)?.kind, .interrupted, "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 3)
    }

    func testProjectsListsEveryProjectOfTheStore() throws {
        let count = try XCTUnwrap(try store.reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM projects") })
        XCTAssertEqual(try run("return #pmo.projects()"), [.integer(count)])
    }

    func testTableFilterMatchesPortfolioByNameOrId() throws {
        let r = try run("""
            local f = pmo.project('PRJ-001'):portfolio()
            local byName = pmo.projects{ portfolio = f.name }
            local byId = pmo.projects{ portfolio = f.id }
            return #byName, #byId, byName:all(function(p) return p.portfolio_id == f.id end)
            """)
        XCTAssertEqual(r[0], r[1])
        XCTAssertGreaterThan(r[0].intValue ?? 0, 0)
        XCTAssertEqual(r[2], true)
    }

    func testTableFilterMatchesAPortfolioIdIgnoringCase() throws {
        let r = try run("return #pmo.projects{ portfolio = 'digital' }, #pmo.projects{ portfolio = 'DIGITAL' }")
        XCTAssertEqual(r[0], r[1])
        XCTAssertGreaterThan(r[0].intValue ?? 0, 0)
    }

    func testTableFilterWithAListMatchesAnyValue() throws {
        let r = try run("""
            local both = #pmo.projects{ phase = { "planning", "execution" } }
            return both, #pmo.projects{ phase = "planning" } + #pmo.projects{ phase = "execution" }
            """)
        XCTAssertEqual(r[0], r[1])
    }

    func testFunctionFilter() throws {
        XCTAssertEqual(try run("return #pmo.projects(function(p) return p.bac and p.bac > 0 end) == #pmo.projects():filter('bac')"), [true])
    }

    func testProjectByIdReturnsTheProject() throws {
        XCTAssertEqual(try run("return pmo.project('PRJ-001').id"), ["PRJ-001"])
    }

    func testUnknownProjectGivesNilAndAMessage() throws {
        XCTAssertEqual(try run("return pmo.project('NOPE')"), [.nil, "no project 'NOPE'"])
    }

    func testProjectWithoutAnIdIsALuaStyleArgumentError() {
        XCTAssertEqual(message("pmo.project()"), "test:1: bad argument #1 to 'project' (string expected, got no value)")
        XCTAssertEqual(message("pmo.project(42)"), "test:1: bad argument #1 to 'project' (string expected, got number)")
    }

    // MARK: Argument errors (stdlib/pmo/args.lua): lauxlib's words, the caller's line

    func testAProjectIdPassedAsNilSaysNilWhereALeftOutOneSaysNoValue() {
        XCTAssertEqual(message("pmo.project(nil)"), "test:1: bad argument #1 to 'project' (string expected, got nil)")
        XCTAssertEqual(message("pmo.risk()"), "test:1: bad argument #1 to 'risk' (string expected, got no value)")
    }

    func testAProjectsFilterThatIsNeitherATableNorAFunctionBlamesTheCallersLine() {
        XCTAssertEqual(message("local x = 1\nlocal ps = pmo.projects(5)"),
                       "test:2: bad argument #1 to 'projects' (table or function expected, got number)")
    }

    func testAnotherKindsFilterThatIsNeitherATableNorAFunctionBlamesTheCallersLine() {
        XCTAssertEqual(message("local x = 1\nlocal rs = pmo.risks(true)"),
                       "test:2: bad argument #1 to 'risks' (table or function expected, got boolean)")
    }

    func testSQLThatIsNotTextIsAnArgumentErrorOnTheCallersLine() {
        XCTAssertEqual(message("local x = 1\nlocal rows = pmo.sql(5)"),
                       "test:2: bad argument #1 to 'sql' (string expected, got number)")
    }

    func testATransactionWithoutAFunctionIsAnArgumentError() {
        XCTAssertEqual(message("pmo.transaction({})"),
                       "test:1: bad argument #1 to 'transaction' (function expected, got table)")
    }

    func testAnInsertWhoseFieldsAreNotATableBlamesTheLineOfTheInsert() {
        XCTAssertEqual(message("pmo.transaction(function(tx)\n  tx:insert('risk', 5)\nend)"),
                       "test:2: bad argument #2 to 'insert' (table expected, got number)")
    }

    func testAnInsertIntoAnUnknownKindNamesTheKindAndTheLineOfTheInsert() {
        XCTAssertEqual(message("pmo.transaction(function(tx)\n  tx:insert('widget', {})\nend)"),
                       "test:2: bad argument #1 to 'insert' (unknown kind 'widget')")
    }

    func testEveryKindHasAQuery() throws {
        let r = try run("""
            local n = 0
            for _, q in ipairs{ "portfolios", "programs", "resources", "risks", "issues", "change_requests",
              "decisions", "stakeholders", "benefits", "milestones", "tasks", "status_reports", "assignments",
              "timesheets", "baselines", "gates", "work_items" } do
              assert(pmo.list.is_list(pmo[q]()), q)
              n = n + 1
            end
            return n, pmo.organisation().name ~= nil
            """)
        XCTAssertEqual(r, [17, true])
    }

    // MARK: relations

    func testRelationsReturnOnlyTheProjectsOwnRows() throws {
        let r = try run("""
            local p = pmo.project('PRJ-003')
            local ok = true
            for _, rel in ipairs{ "milestones", "tasks", "risks", "issues", "status_reports", "assignments", "stakeholders", "benefits" } do
              for _, x in ipairs(p[rel](p)) do ok = ok and x.project_id == p.id end
            end
            return ok, #p:status_reports() > 0, p:latest_status().project_id
            """)
        XCTAssertEqual(r, [true, true, "PRJ-003"])
    }

    func testPortfolioProjectsAndProjectPortfolioAgree() throws {
        XCTAssertEqual(try run("""
            local f = pmo.portfolios()[1]
            return f:projects():all(function(p) return p:portfolio().id == f.id end)
            """), [true])
    }

    func testResourceAssignmentsBelongToTheResource() throws {
        XCTAssertEqual(try run("""
            local r = pmo.resources()[1]
            return r:assignments():all(function(a) return a.resource_id == r.id and a:resource() == r end)
            """), [true])
    }

    func testLatestStatusIsTheNewestReport() throws {
        XCTAssertEqual(try run("""
            local p = pmo.project('PRJ-002')
            return p:latest_status().report_date == p:status_reports():max('report_date')
            """), [true])
    }

    // MARK: dates

    func testEveryModelDateIsADateValue() throws {
        XCTAssertEqual(try run("""
            local p = pmo.project('PRJ-001')
            return pmo.date.is_date(p.baseline_finish), pmo.date.is_date(p:latest_status().report_date), tostring(pmo.today())
            """), [true, true, "2026-11-27"])
    }

    func testDateArithmetic() throws {
        XCTAssertEqual(try run("""
            local d = pmo.date.parse('2026-06-30')
            return tostring(d + 1), d - pmo.date.parse('2026-01-01'), d:quarter(), tostring(d:add_months(2)), d < d + 1
            """), ["2026-07-01", 180, 2, "2026-08-30", true])
    }

    // MARK: time travel

    func testAsofHidesLaterStatusReports() throws {
        let r = try run("""
            return pmo.asof('2026-03-31', function()
              return pmo.projects():all(function(p)
                local s = p:latest_status()
                return s == nil or s.report_date <= pmo.date.parse('2026-03-31')
              end), #pmo.status_reports()
            end)
            """)
        XCTAssertEqual(r[0], true)
        XCTAssertLessThan(r[1].intValue!, try run("return #pmo.status_reports()")[0].intValue!)
    }

    func testProjectsWithTheSameDayShareOneDateValue() throws {
        let r = try run("""
            local ps = pmo.projects()
            local a, b = ps[1], ps:filter(function(p) return p.status_date == ps[1].status_date end)[2]
            return rawequal(a.status_date, b.status_date), tostring(b.status_date)
            """)
        XCTAssertEqual(r[0], true)
        XCTAssertEqual(r[1], try run("return tostring(pmo.projects()[1].status_date)")[0])
    }

    func testAProjectLoadedAsOfADateKeepsThatDatesLatestStatusWhenAskedLater() throws {
        // Status reports are read on the first p:latest_status(), after the as-of call returned.
        let r = try run("""
            local cutoff = pmo.date.parse('2026-03-31')
            local early = pmo.asof(cutoff, function() return pmo.projects() end)
            return early:all(function(p)
                local s = p:latest_status()
                return s == nil or s.report_date <= cutoff
              end),
              pmo.projects():any(function(p)
                local s = p:latest_status()
                return s ~= nil and s.report_date > cutoff
              end)
            """)
        XCTAssertEqual(r, [true, true])
    }

    func testAsofRestoresTheSessionDateEvenAfterAnError() throws {
        let r = try run("""
            local ok = pcall(pmo.asof, '2026-03-31', function() error('inside') end)
            return ok, pmo.asof()
            """)
        XCTAssertEqual(r, [false, .nil])
    }

    func testAsofChangesEarnedValue() throws {
        let r = try run("""
            local now = pmo.project('PRJ-001'):evm().ev
            local before = pmo.asof('2026-03-31', function() return pmo.project('PRJ-001'):evm().ev end)
            return now > before
            """)
        XCTAssertEqual(r, [true])
    }

    // MARK: EVM

    /// Every project's EVM inputs as the store's query gives them (`EVMInputsQuery`).
    func evmInputs(asOf: Day? = nil) throws -> [EVMInputs] {
        try store.scriptRead { db in try EVMInputsQuery.read(db, asOf: asOf) }
    }

    func testEarnedScheduleIsTheOneTheStoreLocatesForEveryProject() throws {
        var compared = 0
        for p in try evmInputs() {
            let r = try run("local s = pmo.project('\(p.projectId)'):es() return s.es, s.at, s.pd")
            guard case .success(let expected) = p.schedule else {
                XCTAssertEqual(r[0], .nil, p.projectId)
                continue
            }
            XCTAssertEqual(r, [.number(expected.es), .number(expected.at), .number(expected.pd)], p.projectId)
            compared += 1
        }
        XCTAssertGreaterThan(compared, 0)
    }

    func testEarnedScheduleOfALoadBeforeTheLastIsThatLoadsDate() throws {
        // A project of an earlier load (here as of March, then the whole portfolio today)
        // keeps its earned schedule as of March.
        let march = try evmInputs(asOf: Day("2026-03-31")!)
        let r = try run("""
            local march = pmo.asof('2026-03-31', function() return pmo.projects() end)
            assert(#pmo.projects() > 0)
            local out = {}
            for _, p in ipairs(march) do out[p.id] = p:es().es or false end
            return out
            """)
        let found = try XCTUnwrap(r.first?.tableValue)
        var compared = 0
        for p in march {
            guard case .success(let expected) = p.schedule else { continue }
            XCTAssertEqual(found[p.projectId].doubleValue ?? .nan, expected.es, accuracy: 1e-9, p.projectId)
            compared += 1
        }
        XCTAssertGreaterThan(compared, 0)
    }

    func testACurveThatDecreasesGivesNoEarnedScheduleAndSaysWhere() throws {
        let r = try run("""
            local p = pmo.project('PRJ-001')
            local rows = p:timephased()
            pmo.transaction(function(tx) tx:update(rows[3], { pv = rows[2].pv - 1 }) end)
            local s = pmo.project('PRJ-001'):es()
            return s.es, s.note, rows[3].period_end:iso(), pmo.project('PRJ-002'):es().es ~= nil
            """)
        XCTAssertEqual(r[0], .nil)
        let note = r[1].stringValue ?? ""
        XCTAssertTrue(note.contains("decreases") && note.contains(r[2].stringValue ?? "?"), note)
        XCTAssertEqual(r[3], .boolean(true))
    }

    func testAProjectTableThatWasNotLoadedHasEarnedValueFromItsOwnFields() throws {
        // A project made by a script (not read from the store) has no EVM inputs: its own
        // BAC, no measures, and the same tables on every call.
        let r = try run("""
            local p = setmetatable({ id = 'MINE', bac = 500 }, pmo.kinds.project.mt)   -- the kind's methods
            local m, s = p:evm(), p:es()
            return m.bac, m.cpi, s.es, rawequal(m, p:evm()), rawequal(s, p:es())
            """)
        XCTAssertEqual(r, [.integer(500), .nil, .nil, .boolean(true), .boolean(true)])
    }

    func testEarnedValueLeavesEarnedScheduleToItsOwnMethod() throws {
        let r = try run("local m = pmo.project('PRJ-001'):evm() return m.cpi ~= nil, m.spi_t, m.es")
        XCTAssertEqual(r, [.boolean(true), .nil, .nil])
    }

    // MARK: Filters

    func testAFilterOnAFieldTheRowsDoNotHaveIsAnErrorListingTheirFields() throws {
        let m = message("local ps = pmo.projects{ foo = 1 }") ?? ""
        XCTAssertTrue(m.contains("bad argument #1 to 'projects' (projects has no field 'foo'; its fields: id, name"), m)
        XCTAssertTrue(m.hasPrefix("test:1:"), m)
    }

    func testAFilterValueOutsideTheFieldsDomainIsAnErrorListingTheAllowedOnes() throws {
        let m = message("return pmo.projects{ phase = 'Execution' }") ?? ""
        XCTAssertTrue(m.contains("phase 'Execution' is not one of: initiation, planning, execution, closing, closed, cancelled"), m)
        let listed = message("return pmo.projects{ phase = { 'execution', 'Closing' } }") ?? ""
        XCTAssertTrue(listed.contains("phase 'Closing' is not one of"), listed)
    }

    func testFiltersOnFieldsRelationsAndAllowedValuesStillMatch() throws {
        XCTAssertEqual(try run("""
            return #pmo.projects{ phase = 'execution' } > 0, #pmo.projects{ portfolio = 'Digital' } > 0,
              #pmo.project('PRJ-001'):risks{ status = function(s) return s ~= nil end } >= 0
            """), [true, true, true])
    }

    // MARK: SQL

    func testSqlBindsParametersAndReturnsRows() throws {
        XCTAssertEqual(try run("""
            local rows, cols = pmo.sql("select id, bac from projects where id = ?", { "PRJ-001" })
            return #rows, rows[1].id, cols[2]
            """), [1, "PRJ-001", "bac"])
    }

    func testSqlReturnsAResultWiderThanLuasMinimumStack() throws {
        // Two stack slots a column: 100 columns need far more than the 20 Lua guarantees.
        let columns = (1...100).map { "'v\($0)' AS c\($0)" }.joined(separator: ", ")
        // Many times, with the collector running: writing past the stack's end corrupted the
        // heap, which one query need not show but a few hundred did (glibc aborted).
        let r = try run("""
            local rows
            for _ = 1, 300 do rows = pmo.sql([[SELECT \(columns)]]); collectgarbage() end
            return rows[1].c1, rows[1].c100, #pmo.projects()
            """)
        XCTAssertEqual(r[0], "v1")
        XCTAssertEqual(r[1], "v100")
        XCTAssertGreaterThan(r[2].intValue ?? 0, 0)
    }

    func testSqlParametersAreNeverSpliced() throws {
        XCTAssertEqual(try run("return #pmo.sql('select id from projects where id = ?', { \"x' or '1'='1\" })"), [0])
    }

    func testSqlIsReadOnly() {
        XCTAssertNotNil(message("pmo.sql(\"delete from projects\")"))
        XCTAssertEqual(try run("return #pmo.projects()"), [40])
    }

    func testSqlDateParameterBindsAsISOText() throws {
        XCTAssertEqual(try run("return #pmo.sql('select id from status_reports where report_date <= ?', { pmo.date.parse('1900-01-01') })"), [0])
        XCTAssertGreaterThan(try run("return #pmo.sql('select id from status_reports where report_date <= ?', { pmo.date.parse('2100-01-01') })")[0].intValue ?? 0, 0)
    }

    func testTableShapedLikeADateIsNotBoundAsOne() {
        XCTAssertNotNil(message("pmo.sql('select ?', { { n = 3 } })"))
    }

    func testSqlDateColumnsAreDates() throws {
        XCTAssertEqual(try run("return pmo.date.is_date(pmo.sql('select report_date from status_reports limit 1')[1].report_date)"), [true])
    }

    // MARK: writes

    func testTransactionCommitsItsWrites() throws {
        try run("""
            pmo.transaction(function(tx)
              tx:update(pmo.project('PRJ-001'), { phase = 'closing' })
              tx:insert('risk', { id = 'PRJ-001/RX', project_id = 'PRJ-001', title = 'New risk', probability = 0.5, impact_cost = 1000, impact_score = 3, status = 'open' })
            end)
            """)
        XCTAssertEqual(try run("return pmo.project('PRJ-001').phase, pmo.risk('PRJ-001/RX').title"), ["closing", "New risk"])
    }

    func testEarnedValueSeesTimephasedRowsChangedInATransaction() throws {
        XCTAssertEqual(try run("return pmo.project('PRJ-001'):evm().ev ~= nil"), [true])
        try run("pmo.transaction(function(tx) tx:delete('timephased', { project_id = 'PRJ-001' }) end)")
        XCTAssertEqual(try run("local p = pmo.project('PRJ-001') return p:evm().ev, p:es().es, #p:timephased()"), [.nil, .nil, 0])
        XCTAssertEqual(try store.database.read { db in try ProjectCurves.isFresh(db) }, true)
    }

    func testATimePhasedRowIsUpdatedThroughItsRowid() throws {
        // timephased declares no key of its own: its rows carry SQLite's rowid, and
        // tx:update(row) finds the row by it. The packed curves see the change at once.
        XCTAssertEqual(try run("""
            local p = pmo.project('PRJ-001')
            local last
            for _, r in ipairs(p:timephased()) do if r.ev then last = r end end
            pmo.transaction(function(tx) tx:update(last, { ev = last.ev + 1000 }) end)
            local again = pmo.project('PRJ-001')
            local e = again:evm()
            return math.type(last.rowid), e.ev - last.ev, e.status_date == last.period_end
            """), ["integer", 1000, true])
        XCTAssertEqual(try store.database.read { db in try ProjectCurves.isFresh(db) }, true)
    }

    func testTimephasedAsOfADateBlanksTheLaterActualsButKeepsThePlan() throws {
        // Moved from the store's typed API (removed in issue 23) to the path scripts use.
        XCTAssertEqual(try run("""
            local p = pmo.asof('2026-03-31', function() return pmo.project('PRJ-001') end)
            local march, later, blank, planned = pmo.date.parse('2026-03-31'), 0, 0, 0
            for _, r in ipairs(p:timephased()) do
              if r.period_end > march then
                later = later + 1
                if r.ev == nil and r.ac == nil then blank = blank + 1 end
                if r.pv ~= nil then planned = planned + 1 end
              end
            end
            return later > 0, blank == later, planned == later
            """), [true, true, true])
    }

    func testNullClearsAFieldInAnUpdate() throws {
        XCTAssertEqual(try run("""
            local before = pmo.project('PRJ-001').forecast_finish ~= nil
            pmo.transaction(function(tx) tx:update(pmo.project('PRJ-001'), { forecast_finish = pmo.null }) end)
            return before, pmo.project('PRJ-001').forecast_finish
            """), [true, .nil])
    }

    func testNullInAKeyMatchesOnlyTheRowsWhereThatColumnIsNull() throws {
        // timephased holds a project's total and its tasks' rows for the same period: a key
        // with task_id = pmo.null reaches the project-level row alone.
        XCTAssertEqual(try run("""
            local row = pmo.sql([[SELECT project_id, period_end FROM timephased
              WHERE task_id IS NULL AND project_id IN (SELECT project_id FROM timephased WHERE task_id IS NOT NULL) LIMIT 1]])[1]
            local function count(v)
              return pmo.sql("SELECT count(*) AS n FROM timephased WHERE project_id = ? AND period_end = ? AND pv = ?",
                { row.project_id, row.period_end, v })[1].n
            end
            pmo.transaction(function(tx)
              tx:update('timephased', { project_id = row.project_id, task_id = pmo.null, period_end = row.period_end }, { pv = 424242 })
            end)
            return count(424242)
            """), [1])
    }

    func testNullIsAnSQLParameter() throws {
        XCTAssertEqual(try run("return pmo.sql('SELECT ? IS NULL AS yes', { pmo.null })[1].yes"), [1])
    }

    func testNullCannotBeChanged() throws {
        XCTAssertEqual(try run("return tostring(pmo.null), pcall(function() pmo.null.x = 1 end)"),
                       ["pmo.null", false, "test:1: pmo.null cannot be changed"])
    }

    func testErrorInsideTransactionWritesNothing() throws {
        let before = try run("return pmo.project('PRJ-001').phase")
        XCTAssertNotNil(message("""
            pmo.transaction(function(tx)
              tx:update(pmo.project('PRJ-001'), { phase = 'closed' })
              error('changed my mind')
            end)
            """))
        XCTAssertEqual(try run("return pmo.project('PRJ-001').phase"), before)
    }

    func testFailingWriteRollsBackTheEarlierOnes() throws {
        let m = message("""
            pmo.transaction(function(tx)
              tx:update('project', 'PRJ-001', { name = 'Renamed' })
              tx:insert('risk', { id = 'R-dangling', project_id = 'NO-SUCH-PROJECT', title = 'x', probability = 0.1, impact_cost = 1, impact_score = 1, status = 'open' })
            end)
            """)
        XCTAssertTrue(m?.contains("insert #2 into risks") ?? false, m ?? "")
        XCTAssertNotEqual(try store.reader.read { db in try String.fetchOne(db, sql: "SELECT name FROM projects WHERE id = 'PRJ-001'") }, "Renamed")
    }

    func testUnknownFieldInAWriteIsNamed() {
        let m = message("pmo.transaction(function(tx) tx:update('project', 'PRJ-001', { colour = 'red' }) end)")
        XCTAssertTrue(m?.contains("unknown field 'colour'") ?? false, m ?? "")
    }

    func testUpdateOfAMissingRowIsAnError() {
        let m = message("pmo.transaction(function(tx) tx:update('project', 'NOPE', { name = 'x' }) end)")
        XCTAssertTrue(m?.contains("matched no row") ?? false, m ?? "")
    }

    // MARK: documentation

    func testEveryPmoFunctionIsDocumented() throws {
        let r = try run("""
            local missing = {}
            for _, e in ipairs(require('pmo.doc').catalogue()) do
              if e.owner == 'pmo' and not e.doc then missing[#missing + 1] = e.name end
            end
            return table.concat(missing, ',')
            """)
        XCTAssertEqual(r, [""])
    }

    func testEveryProjectMethodIsDocumented() throws {
        XCTAssertEqual(try run("""
            local doc, missing = require('pmo.doc'), {}
            for k, f in pairs(pmo.kinds.project.methods) do
              if not doc.of(f) then missing[#missing + 1] = k end
            end
            return table.concat(missing, ',')
            """), [""])
    }
}
