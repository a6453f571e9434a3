local measures = require("pmo.measures")
local risk = require("pmo.risk")

-- The specs that read the store run under pmo (the demo portfolio); under a plain
-- lua5.4 only the pure ones do.
local it_store = pmo and it or function() end

describe("pmo.measures", function()
  it("counts working days Monday to Friday, both ends included", function()
    local monday = require("pmo.date").parse("2026-09-28").n
    assert.equal(5, measures.working_days(monday, monday + 4))     -- Monday to Friday
    assert.equal(5, measures.working_days(monday, monday + 6))     -- the weekend adds none
    assert.equal(10, measures.working_days(monday, monday + 13))
    assert.equal(0, measures.working_days(monday + 5, monday + 6)) -- Saturday and Sunday
    assert.equal(0, measures.working_days(monday, monday - 1))
  end)

  it("counts a slip as positive when late", function()
    assert.equal(3, measures.slip_days("2026-03-31", "2026-04-03"))
    assert.equal(-2, measures.slip_days("2026-03-31", "2026-03-29"))
  end)

  it("calls a project active from initiation to closing", function()
    for _, phase in ipairs({ "initiation", "planning", "execution", "closing" }) do
      assert.truthy(measures.is_active({ phase = phase }))
    end
    assert.falsy(measures.is_active({ phase = "closed" }))
    assert.falsy(measures.is_active({ phase = "cancelled" }))
  end)

  it_store("leaves closed and occurred risks out of the open ones", function()
    assert.truthy(risk.is_open({ status = "open" }))
    assert.truthy(risk.is_open({ status = "mitigating" }))
    assert.falsy(risk.is_open({ status = "occurred" }))
    assert.falsy(risk.is_open({ status = "closed" }))
    for _, r in ipairs(measures.open_risks()) do assert.truthy(risk.is_open(r)) end
  end)

  it_store("leaves resolved and closed issues out of the open ones", function()
    assert.truthy(measures.is_open_issue({ status = "in_progress" }))
    assert.falsy(measures.is_open_issue({ status = "resolved" }))
    for _, i in ipairs(measures.open_issues()) do
      assert.truthy(i.status ~= "resolved" and i.status ~= "closed")
    end
  end)

  it_store("requires the artifacts of earlier phases' gates, not the project's own", function()
    assert.equal(0, #measures.required_artifacts("initiation"))
    local planning = measures.required_artifacts("planning")
    local execution = measures.required_artifacts("execution")
    assert.truthy(#planning > 0 and #execution > #planning)
    for _, g in ipairs(pmo.gates{ phase = "execution" }) do
      for _, r in ipairs(g:requirements()) do
        local found = false
        for _, a in ipairs(execution) do found = found or a == r.artifact end
        assert.falsy(found, r.artifact .. " belongs to the gate closing execution")
      end
    end
  end)

  it_store("counts no demand for closed or cancelled projects", function()
    local from, to = "2024-01-01", "2030-12-31"
    local total, by_resource = measures.demand_hours(from, to)
    local expected = 0
    for _, a in ipairs(pmo.assignments()) do
      local p = pmo.project(a.project_id)
      local r = pmo.resource(a.resource_id)
      if measures.is_active(p) and r and measures.has_hours(r) then
        expected = expected + measures.assignment_hours_within(a, from, to)
      end
    end
    assert.near(expected, total, 1e-6)
    local sum = 0
    for _, h in pairs(by_resource) do sum = sum + h end
    assert.near(total, sum, 1e-6)
  end)

  it("gives hours to people and roles, not to material, cost or budget resources", function()
    assert.truthy(measures.has_hours({ kind = "person", is_budget = false }))
    assert.truthy(measures.has_hours({ kind = "role", is_budget = false }))
    assert.falsy(measures.has_hours({ kind = "material", is_budget = false }))
    assert.falsy(measures.has_hours({ kind = "cost", is_budget = false }))
    assert.falsy(measures.has_hours({ kind = "person", is_budget = true }))
  end)

  it("spreads an assignment's hours over its working days", function()
    local a = { period_start = "2026-09-28", period_end = "2026-10-09", planned_hours = 80 }  -- two weeks
    assert.near(40, measures.assignment_hours_within(a, "2026-09-28", "2026-10-04"), 1e-9)
    assert.near(80, measures.assignment_hours_within(a, "2026-01-01", "2026-12-31"), 1e-9)
    assert.equal(0, measures.assignment_hours_within(a, "2026-11-01", "2026-11-30"))
  end)

  it_store("totals money from p:evm() and rates the portfolio from the sums", function()
    local projects = measures.active_projects()
    local t = measures.evm_totals(projects)
    local bac, ev, ac = 0, 0, 0
    for _, p in ipairs(projects) do
      local e = p:evm()
      bac, ev, ac = bac + (e.bac or 0), ev + (e.ev or 0), ac + (e.ac or 0)
    end
    assert.near(bac, t.bac, 1e-6)
    assert.near(ev / ac, t.cpi, 1e-12)
    assert.equal(#projects, t.count)
  end)

  it_store("totals a project that has no earned value yet at its BAC, the plan as its forecast", function()
    local projects = measures.active_projects()
    local t = measures.evm_totals(projects)
    local eac, unstarted = 0, 0
    for _, p in ipairs(projects) do
      local e = p:evm()
      if e.eac then eac = eac + e.eac
      elseif e.ev == nil and e.bac then eac = eac + e.bac; unstarted = unstarted + 1 end
    end
    assert.truthy(unstarted > 0, "the demo has active projects with nothing reported yet")
    assert.near(eac, t.eac, 1e-6)
  end)

  it_store("finds false greens only among active projects reporting green with red figures", function()
    for _, row in ipairs(measures.false_greens()) do
      assert.truthy(measures.is_active(row.project))
      assert.equal("green", row.reported)
      assert.equal("red", row.calculated)
    end
  end)
end)
