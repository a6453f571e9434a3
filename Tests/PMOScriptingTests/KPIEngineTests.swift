import LuaKit
import PMOModel
import PMOScripting
import PMOStore
import XCTest

/// The KPI and rule engine (`pmo.kpi`) and the standard KPIs (`pmo.kpis`), over the demo store.
final class KPIEngineTests: XCTestCase {
    var lua: LuaState!

    override func setUpWithError() throws {
        lua = try LuaState()
        try PMOSession(store: try PortfolioStore.demo(projects: 40, seed: 1), today: Day("2026-11-27")).install(in: lua)
        try lua.run("kpi = require('pmo.kpi')", name: "=setup")
    }

    func run(_ code: String) throws -> [LuaValue] { try lua.run(code, name: "=test") }

    func message(_ code: String) -> String? {
        do { _ = try run(code); return nil } catch { return (error as? LuaError)?.fullMessage ?? "\(error)" }
    }

    let valid = "id = 't.spi', title = 'SPI', unit = 'ratio', applies_to = 'project', compute = function(p) return p:evm().spi end"

    // MARK: definitions

    func testMissingComputeIsAnErrorAtDefinitionNamingTheKPI() {
        XCTAssertEqual(message("kpi.define{ id = 't.x', title = 'X', unit = 'ratio', applies_to = 'project', thresholds = {green = 1, amber = 0} }"),
                       "test:1: KPI 't.x': missing field 'compute' (function expected)")
    }

    func testThresholdsInTheWrongOrderAreRefused() {
        XCTAssertEqual(message("kpi.define{ \(valid), thresholds = { green = 0.8, amber = 0.9 } }"),
                       "test:1: KPI 't.spi': thresholds: green (0.8) must be >= amber (0.9) when higher is better")
    }

    func testThresholdsThatAreNotNumbersAreRefused() {
        XCTAssertEqual(message("kpi.define{ \(valid), thresholds = { green = 'high', amber = 0.9 } }"),
                       "test:1: KPI 't.spi': thresholds need numbers green and amber, got green = high, amber = 0.9")
    }

    func testUnknownScopeIsRefused() {
        XCTAssertEqual(message("kpi.define{ id = 't.x', title = 'X', unit = 'u', applies_to = 'team', compute = print, thresholds = {green = 1, amber = 0} }"),
                       "test:1: KPI 't.x': applies_to must be project, program, portfolio, resource or organisation, got 'team'")
    }

    func testRuleWithoutMessageIsRefused() {
        XCTAssertEqual(message("kpi.rule{ id = 't.r', applies_to = 'project', check = function() return true end }"),
                       "test:1: KPI 't.r': missing field 'message' (string or function expected)")
    }

    // MARK: RAG

    func testRagHigherIsBetter() throws {
        XCTAssertEqual(try run("""
            local d = kpi.define{ \(valid), thresholds = { green = 0.95, amber = 0.85 } }
            return kpi.rag(d, 0.95), kpi.rag(d, 0.9), kpi.rag(d, 0.84), kpi.rag(d, nil)
            """), ["green", "amber", "red", .nil])
    }

    func testRagLowerIsBetter() throws {
        XCTAssertEqual(try run("""
            local d = kpi.define{ \(valid), direction = 'lower_is_better', thresholds = { green = 1.05, amber = 1.15 } }
            return kpi.rag(d, 1.0), kpi.rag(d, 1.1), kpi.rag(d, 1.2)
            """), ["green", "amber", "red"])
    }

    // MARK: evaluation

    func testEvaluateGivesOneResultPerActiveProjectWithProvenance() throws {
        let r = try run("""
            kpi.define{ \(valid), version = '2.1', thresholds = { green = 0.95, amber = 0.85 } }
            local rs = kpi.evaluate('t.spi')
            local r = rs[1]
            return #rs, r.id, r.version, tostring(r.asof), r.thresholds.green, r.object_kind, r.value == r.object:evm().spi
            """)
        XCTAssertEqual(r, [30, "t.spi", "2.1", "2026-11-27", 0.95, "project", true])
    }

    // MARK: scope

    func testAProjectKPIIsEvaluatedOnActiveProjectsOnlyByDefault() throws {
        let r = try run("""
            kpi.define{ \(valid), thresholds = { green = 0.95, amber = 0.85 } }
            local phases = {}
            for _, r in ipairs(kpi.evaluate('t.spi')) do phases[r.object.phase] = true end
            return kpi.get('t.spi').scope, phases.closed == nil and phases.cancelled == nil, phases.execution == true
            """)
        XCTAssertEqual(r, ["active", true, true])
    }

    func testScopeAllEvaluatesEveryProject() throws {
        let r = try run("""
            kpi.define{ \(valid), scope = 'all', thresholds = { green = 0.95, amber = 0.85 } }
            return #kpi.evaluate('t.spi'), #pmo.projects()
            """)
        XCTAssertEqual(r, [40, 40])
    }

    func testAScopeFunctionChoosesTheObjects() throws {
        let r = try run("""
            kpi.define{ \(valid), scope = function(p) return p.phase == 'closed' end, thresholds = { green = 0.95, amber = 0.85 } }
            return #kpi.evaluate('t.spi'), #pmo.projects{ phase = 'closed' }
            """)
        XCTAssertEqual(r[0], r[1])
    }

    func testACallsScopeOverridesTheDefinitions() throws {
        let r = try run("""
            kpi.define{ \(valid), thresholds = { green = 0.95, amber = 0.85 } }
            return #kpi.evaluate('t.spi', nil, { scope = 'all' })
            """)
        XCTAssertEqual(r, [40])
    }

    func testAnUnknownScopeIsRefusedNamingTheKPI() {
        XCTAssertEqual(message("kpi.define{ \(valid), scope = 'open', thresholds = { green = 1, amber = 0 } }"),
                       "test:1: KPI 't.spi': scope must be \"active\", \"all\" or a function(object) -> boolean, got 'open'")
    }

    func testScopeActiveIsRefusedForAKPIOfResources() {
        XCTAssertEqual(message("kpi.define{ id = 't.r', title = 'R', unit = 'u', applies_to = 'resource', scope = 'active', compute = print, thresholds = { green = 1, amber = 0 } }"),
                       "test:1: KPI 't.r': scope 'active' applies to projects only; use \"all\" or a function for resources")
    }

    func testTheStandardKPIsAreThereWithoutRequiringThem() throws {
        XCTAssertEqual(try run("return kpi.get('pmo.evm.cpi') ~= nil, kpi.get('pmo.compliance.gate_artifacts').kind"), [true, "rule"])
    }

    func testARulesDetailIsInItsPrintedForm() throws {
        let r = try run("""
            kpi.rule{ id = 't.said', applies_to = 'project', message = 'too old',
              check = function(p) return p.id ~= 'PRJ-001', 'report is 40 days old' end }
            return tostring(kpi.evaluate('t.said', pmo.project('PRJ-001'))[1]), tostring(kpi.evaluate('t.said', pmo.project('PRJ-002'))[1])
            """)
        XCTAssertEqual(r, ["t.said PRJ-001: FAIL: too old [report is 40 days old]", "t.said PRJ-002: pass [report is 40 days old]"])
    }

    func testARulesDetailIsKeptAndExplained() throws {
        let r = try run("""
            kpi.rule{ id = 't.detail', applies_to = 'project', message = 'never',
              check = function(p) return true, { seen = p.id } end }
            local res = kpi.evaluate('t.detail', pmo.project('PRJ-001'))[1]
            return res.detail.seen, res:detail_text(), res:explain():match('detail: [^\\n]*')
            """)
        XCTAssertEqual(r, ["PRJ-001", "seen = PRJ-001", "detail: seen = PRJ-001"])
    }

    func testEvaluateAsOfRecordsTheDateAndUsesIt() throws {
        let r = try run("""
            kpi.define{ \(valid), thresholds = { green = 0.95, amber = 0.85 } }
            local now = kpi.evaluate('t.spi', { id = 'PRJ-001' })[1]
            local before = kpi.evaluate('t.spi', { id = 'PRJ-001' }, { asof = '2026-03-31' })[1]
            return tostring(before.asof), before.value ~= now.value
            """)
        XCTAssertEqual(r, ["2026-03-31", true])
    }

    func testAnErrorInOneKPIIsReportedForThatObjectAndTheOthersCarryOn() throws {
        let r = try run("""
            kpi.define{ id = 't.boom', title = 'B', unit = 'u', applies_to = 'project', scope = 'all', thresholds = {green = 1, amber = 0},
              compute = function(p) if p.id == 'PRJ-002' then error('no data for ' .. p.id) end return 1 end }
            local rs = kpi.evaluate('t.boom')
            local bad = rs:filter('error')
            return #rs, #bad, bad[1].object_id, bad[1].error:match('no data for PRJ%-002') ~= nil, bad[1].traceback ~= nil, rs[1].rag
            """)
        XCTAssertEqual(r, [40, 1, "PRJ-002", true, true, "green"])
    }

    func testEveryFailingObjectOfOneKPIGetsItsOwnErrorAndTheObjectsAfterItAreEvaluated() throws {
        // The objects of a definition run in one protected call that an error ends; the next
        // call must pick up at the object after the one that failed, the last one included.
        let r = try run("""
            local ps = pmo.projects()
            local bad = { [ps[2].id] = true, [ps[3].id] = true, [ps[#ps].id] = true }
            kpi.define{ id = 't.some', title = 'S', unit = 'u', applies_to = 'project', scope = 'all', thresholds = {green = 1, amber = 0},
              compute = function(p) if bad[p.id] then error('bad ' .. p.id) end return 1 end }
            local rs = kpi.evaluate('t.some')
            local errors, valued = {}, 0
            for i, r in ipairs(rs) do
              if r.error then errors[#errors + 1] = i .. '=' .. r.object_id .. ':' .. tostring(r.error:match('bad (PRJ%-%d+)'))
              elseif r.value == 1 and r.object == ps[i] then valued = valued + 1 end
            end
            return #rs, table.concat(errors, ' '), valued
            """)
        XCTAssertEqual(r, [40, "2=PRJ-002:PRJ-002 3=PRJ-003:PRJ-003 40=PRJ-040:PRJ-040", 37])
    }

    func testAnErrorInOneKPIForAnObjectLeavesTheOtherKPIsOfThatObjectEvaluated() throws {
        // Definitions of one kind run object by object in one protected call; after an error
        // the next call must go on with the next definition of the same object.
        let r = try run("""
            local ps = pmo.projects()
            local function def(id, fails)
              kpi.define{ id = id, title = id, unit = 'u', applies_to = 'project', scope = 'all', thresholds = {green = 1, amber = 0},
                compute = function(p) if fails(p) then error('bad ' .. p.id) end return 1 end }
            end
            def('t.a', function(p) return false end)
            def('t.b', function(p) return p == ps[5] or p == ps[#ps] end)
            def('t.c', function(p) return p == ps[5] end)
            def('t.d', function(p) return false end)
            local rs = kpi.evaluate({ 't.a', 't.b', 't.c', 't.d' })
            local errors, valued = {}, 0
            for _, r in ipairs(rs) do
              if r.error then errors[#errors + 1] = r.id .. ':' .. r.object_id elseif r.value == 1 then valued = valued + 1 end
            end
            return #rs, table.concat(errors, ' '), valued
            """)
        XCTAssertEqual(r, [160, "t.b:PRJ-005 t.b:PRJ-040 t.c:PRJ-005", 157])
    }

    func testResultsAreListedDefinitionByDefinitionInTheOrderAskedWhateverTheirKind() throws {
        let r = try run("""
            local function def(id, applies_to)
              kpi.define{ id = id, title = id, unit = 'u', applies_to = applies_to, scope = 'all', thresholds = {green = 1, amber = 0},
                compute = function(o) return 1 end }
            end
            def('t.p1', 'project'); def('t.g', 'program'); def('t.p2', 'project')
            local rs = kpi.evaluate({ 't.p1', 't.g', 't.p2' })
            local runs, last = {}, nil
            for i, r in ipairs(rs) do
              if r.id ~= last then runs[#runs + 1] = r.id; last = r.id end
            end
            local ps, gs = pmo.projects(), pmo.programs()
            local ordered = true
            for i = 1, #ps do
              if rs[i].object ~= ps[i] or rs[#ps + #gs + i].object ~= ps[i] then ordered = false end
            end
            for i = 1, #gs do if rs[#ps + i].object ~= gs[i] then ordered = false end end
            return table.concat(runs, ' '), #rs == 2 * #ps + #gs, #gs > 0, ordered
            """)
        XCTAssertEqual(r, ["t.p1 t.g t.p2", true, true, true])
    }

    func testAComputeThatReturnsTextIsAnErrorForThatObjectOnly() throws {
        let r = try run("""
            kpi.define{ id = 't.text', title = 'T', unit = 'u', applies_to = 'project', thresholds = {green = 1, amber = 0},
              compute = function(p) if p.id == 'PRJ-001' then return 'high' end return 0.5 end }
            local rs = kpi.evaluate('t.text')
            return rs[1].error, rs[1].traceback, rs[2].value, rs[2].rag, #rs:filter('error')
            """)
        XCTAssertEqual(r, ["compute returned a string, not a number", .nil, 0.5, "amber", 1])
    }

    func testAnInputsFunctionRunsWhenAResultIsFirstReadNotWhenItIsEvaluated() throws {
        let r = try run("""
            local calls = 0
            kpi.define{ id = 't.lazy', title = 'L', unit = 'u', applies_to = 'project', thresholds = {green = 1, amber = 0},
              compute = function(p) return 1 end,
              inputs = function(p) calls = calls + 1; return { id = p.id } end }
            local rs = kpi.evaluate('t.lazy')
            local before = calls
            local first = rs[3].inputs.id
            local again = rs[3].inputs.id
            return before, first, again, calls, rs[3]:explain():find('id = PRJ-003', 1, true) ~= nil, calls
            """)
        XCTAssertEqual(r, [0, "PRJ-003", "PRJ-003", 1, true, 1])
    }

    func testAnInputsFunctionSeesTheAsOfDateOfItsEvaluation() throws {
        let r = try run("""
            kpi.define{ id = 't.when', title = 'W', unit = 'u', applies_to = 'project', thresholds = {green = 1, amber = 0},
              compute = function(p) return 1 end,
              inputs = function(p) return { asof = tostring(pmo.asof()) } end }
            local past = kpi.evaluate('t.when', { id = 'PRJ-001' }, { asof = '2026-03-31' })[1]
            local now = kpi.evaluate('t.when', { id = 'PRJ-001' })[1]
            pmo.asof('2025-01-01')
            local a, b = past.inputs.asof, now.inputs.asof
            pmo.asof(nil)
            return a, b
            """)
        XCTAssertEqual(r, ["2026-03-31", "nil"])
    }

    func testAnErrorInAnInputsFunctionBecomesTheInputsErrorAndKeepsTheValue() throws {
        let r = try run("""
            kpi.define{ id = 't.badin', title = 'B', unit = 'u', applies_to = 'project', thresholds = {green = 1, amber = 0},
              compute = function(p) return 2 end, inputs = function(p) error('no inputs here') end }
            local r = kpi.evaluate('t.badin', { id = 'PRJ-001' })[1]
            return r.value, r.rag, r.inputs.error:match('no inputs here') ~= nil
            """)
        XCTAssertEqual(r, [2, "green", true])
    }

    func testInputsThatAreNotAFunctionAreRefused() {
        XCTAssertEqual(message("kpi.define{ \(valid), thresholds = {green = 1, amber = 0}, inputs = { 'ev' } }"),
                       "test:1: KPI 't.spi': field 'inputs' must be a function, got table")
    }

    func testExplainListsTheInputs() throws {
        let r = try run("""
            require('pmo.kpis')
            local text = kpi.evaluate('pmo.evm.cpi', { id = 'PRJ-001' })[1]:explain()
            return text:find('ev = ', 1, true) ~= nil, text:find('ac = ', 1, true) ~= nil, text:find('CPI = EV / AC', 1, true) ~= nil
            """)
        XCTAssertEqual(r, [true, true, true])
    }

    func testRuleResultCarriesItsMessage() throws {
        let r = try run("""
            kpi.rule{ id = 't.named', severity = 'warning', applies_to = 'project', check = function(p) return p.manager ~= nil, p.id end,
              message = function(p, detail) return detail .. ' has no manager' end }
            local rs = kpi.evaluate('t.named')
            return rs:all(function(r) return r.passed or r.message:find('has no manager') end), #kpi.breaches(rs, 'red'), rs[1].severity
            """)
        XCTAssertEqual(r, [true, 0, "warning"])
    }

    func testPairsOverAResultListsEveryFieldItHas() throws {
        let r = try run("""
            require('pmo.kpis')
            local keys = {}
            for k in pairs(kpi.evaluate('pmo.evm.cpi', { id = 'PRJ-001' })[1]) do keys[#keys + 1] = k end
            table.sort(keys)
            return table.concat(keys, ' ')
            """)
        XCTAssertEqual(r, ["asof direction id inputs kind object object_id object_kind rag thresholds title unit value version"])
    }

    func testARuleThatFailsWithAnErrorHasNoSeverity() throws {
        let r = try run("""
            kpi.rule{ id = 't.broken', severity = 'error', applies_to = 'project', message = 'm',
              check = function(p) error('broken') end }
            local r = kpi.evaluate('t.broken')[1]
            return r.severity, r.passed, r.error ~= nil
            """)
        XCTAssertEqual(r, [.nil, .nil, true])
    }

    func testSummaryCountsEachKindOfResultOnce() throws {
        let r = try run("""
            local ps = pmo.projects()
            local five = pmo.list.of({ ps[1], ps[2], ps[3], ps[4], ps[5] })
            local at = {}
            for i, p in ipairs(five) do at[p.id] = i end
            local values = { 1, 0.9, 0.5, nil }
            kpi.define{ id = 't.mix', title = 'M', unit = 'u', applies_to = 'project', thresholds = {green = 0.95, amber = 0.85},
              compute = function(p) if at[p.id] == 5 then error('no') end return values[at[p.id]] end,
              inputs = function(p) return {} end }
            kpi.rule{ id = 't.half', applies_to = 'project', message = 'm',
              check = function(p) if at[p.id] == 5 then error('no') end return at[p.id] <= 2 end }
            local s = kpi.summary(kpi.evaluate({ 't.mix', 't.half' }, five))
            return s.total, s.green, s.amber, s.red, s.unrated, s.errors, s.passed, s.failed
            """)
        XCTAssertEqual(r, [10, 1, 1, 1, 1, 2, 2, 2])
    }

    func testBreachesDependOnFailOn() throws {
        let r = try run("""
            kpi.define{ \(valid), thresholds = { green = 0.95, amber = 0.85 } }
            local rs = kpi.evaluate('t.spi')
            local s = kpi.summary(rs)
            return #kpi.breaches(rs, 'red') == s.red, #kpi.breaches(rs, 'amber') == s.red + s.amber
            """)
        XCTAssertEqual(r, [true, true])
    }

    // MARK: roll-up

    func testRollupOfAKPIIdRollsUpItsResults() throws {
        XCTAssertEqual(try run("""
            local by_id = kpi.rollup('pmo.evm.cpi')
            local by_results = kpi.rollup(kpi.evaluate('pmo.evm.cpi'))
            return #by_id > 0, #by_id == #by_results
            """), [true, true])
    }

    func testSummaryWithNoArgumentSummarisesEveryDefinition() throws {
        XCTAssertEqual(try run("return kpi.summary().total == #kpi.evaluate()"), [true])
        XCTAssertTrue(message("return kpi.summary(5)")?.contains("bad argument #1 to 'summary' (list of results expected, got number)") == true)
    }

    func testRollupWorstOfTakesTheWorstMember() throws {
        XCTAssertEqual(try run("""
            local P = function(id, f) return { id = id, portfolio_id = f, bac = 1 } end
            local rs = {
              { id = 'k', kind = 'kpi', object = P('a', 'F'), object_kind = 'project', rag = 'green', value = 1 },
              { id = 'k', kind = 'kpi', object = P('b', 'F'), object_kind = 'project', rag = 'red', value = 0 },
              { id = 'k', kind = 'kpi', object = P('c', 'G'), object_kind = 'project', rag = 'amber', value = 0.5 },
            }
            local up = kpi.rollup(rs, { to = 'portfolio' })
            return #up, up[1].object_id, up[1].rag, up[2].object_id, up[2].rag
            """), [2, "F", "red", "G", "amber"])
    }

    func testRollupWeightedBandsTheWeightedScore() throws {
        // F: green (weight 3) and red (weight 1): score (3*3 + 1*1) / 4 = 2.5 -> green.
        XCTAssertEqual(try run("""
            local rs = {
              { id = 'k', kind = 'kpi', object = { portfolio_id = 'F', bac = 3 }, rag = 'green' },
              { id = 'k', kind = 'kpi', object = { portfolio_id = 'F', bac = 1 }, rag = 'red' },
            }
            local up = kpi.rollup(rs, { rule = 'weighted' })
            return up[1].score, up[1].rag
            """), [2.5, "green"])
    }

    func testRollupBreachCountingUsesShares() throws {
        // 1 red of 4 = 25% > 20% -> red; 1 red of 6 -> amber.
        XCTAssertEqual(try run("""
            local function rs(n_green, n_red)
              local out = {}
              for i = 1, n_green do out[#out + 1] = { id = 'k', kind = 'kpi', object = { portfolio_id = 'F' }, rag = 'green' } end
              for i = 1, n_red do out[#out + 1] = { id = 'k', kind = 'kpi', object = { portfolio_id = 'F' }, rag = 'red' } end
              return out
            end
            return kpi.rollup(rs(3, 1), { rule = 'breaches' })[1].rag, kpi.rollup(rs(5, 1), { rule = 'breaches' })[1].rag
            """), ["red", "amber"])
    }

    // MARK: trend and false greens

    func testTrendHasOneValuePerStatusDateInOrder() throws {
        let r = try run("""
            require('pmo.kpis')
            local p = pmo.project('PRJ-001')
            local t = kpi.trend('pmo.evm.cpi', p)
            local ordered = true
            for i = 2, #t do ordered = ordered and t[i - 1].date < t[i].date end
            return #t == #p:status_reports(), ordered, t[#t].value == p:evm().cpi
            """)
        XCTAssertEqual(r, [true, true, true])
    }

    func testFalseGreensAreGreenReportsOfActiveProjectsWithRedFigures() throws {
        let r = try run("""
            local fg = kpi.false_greens({ 'pmo.evm.cpi', 'pmo.evm.spi' })
            return #fg > 0, fg:all(function(x)
              return x.reported == 'green' and x.calculated == 'red' and require('pmo.measures').is_active(x.project)
            end)
            """)
        XCTAssertEqual(r, [true, true])
    }

    func testAGreenReportWithAmberFiguresIsNotAFalseGreen() throws {
        let r = try run("""
            local rows = pmo.asof('2026-09-30', function() return kpi.reported_vs_calculated() end)
            local amber = rows:filter(function(x) return x.reported == 'green' and x.calculated == 'amber' end)
            return #amber > 0, amber:all(function(x) return not x.false_green end)
            """)
        XCTAssertEqual(r, [true, true])
    }

    // MARK: the standard KPIs

    func testEveryStandardKPIEvaluatesWithoutErrors() throws {
        let r = try run("""
            require('pmo.kpis')
            local rs = kpi.evaluate()
            local errors = rs:filter('error'):map(function(r) return r.id .. ' ' .. tostring(r.object_id) .. ': ' .. r.error end)
            return #rs > 0, table.concat(errors, '\\n')
            """)
        XCTAssertEqual(r, [true, ""])
    }

    func testStandardKPIsCiteTheirSource() throws {
        XCTAssertEqual(try run("""
            require('pmo.kpis')
            return kpi.list():filter(function(d) return d.id:match('^pmo%.') and not d.source end):count()
            """), [0])
    }
}
