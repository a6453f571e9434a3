local delivery = require("pmo.delivery")

local PROJECTS = {
  { id = "A", status = "completed", baseline_finish = "2026-03-31", actual_finish = "2026-03-31",
    budget = 100, actual_cost = 100 },
  { id = "B", status = "completed", baseline_finish = "2026-03-31", actual_finish = "2026-04-03",
    budget = 100, actual_cost = 104 },
  { id = "C", status = "completed", baseline_finish = "2026-06-30", actual_finish = "2026-06-01",
    budget = 200, actual_cost = 150 },
  { id = "D", status = "failed" },
  { id = "E", status = "cancelled" },
  { id = "F", status = "execution", baseline_finish = "2026-01-01", budget = 50 },
}

describe("pmo.delivery", function()
  it("counts completed projects finished by their baseline as on time", function()
    local r, n, of = delivery.on_time_rate(PROJECTS)
    assert.equal(2, n)
    assert.equal(3, of)
    assert.near(2 / 3, r, 1e-12)
  end)

  it("accepts a lateness tolerance in days", function()
    local _, n = delivery.on_time_rate(PROJECTS, { tolerance_days = 3 })
    assert.equal(3, n)
  end)

  it("counts completed projects within budget as on budget", function()
    local r, n, of = delivery.on_budget_rate(PROJECTS)
    assert.equal(2, n)
    assert.equal(3, of)
    assert.near(2 / 3, r, 1e-12)
  end)

  it("accepts a budget tolerance as a fraction", function()
    local _, n = delivery.on_budget_rate(PROJECTS, { tolerance = 0.05 })
    assert.equal(3, n)
  end)

  it("returns nil rates over an empty set", function()
    local r, n, of = delivery.on_time_rate({})
    assert.equal(nil, r)
    assert.equal(0, n)
    assert.equal(0, of)
  end)

  it("computes failure and cancellation rates over closed projects only", function()
    local f, nf, closed = delivery.failure_rate(PROJECTS)
    assert.equal(1, nf)
    assert.equal(5, closed)
    assert.near(0.2, f, 1e-12)
    assert.near(0.2, (delivery.cancellation_rate(PROJECTS)), 1e-12)
  end)

  it("computes budget variance as a percent overrun", function()
    assert.near(4, delivery.budget_variance_pct(100, 104), 1e-12)
    assert.near(-25, delivery.budget_variance_pct(200, 150), 1e-12)
    assert.equal(nil, delivery.budget_variance_pct(0, 10))
  end)

  it("measures milestone slippage as forecast minus baseline", function()
    assert.equal(10, delivery.slippage_days("2026-02-20", "2026-03-02"))
    assert.equal(-5, delivery.slippage_days(20000, 19995))
  end)

  it("lists slipped milestones latest first with total and worst slip", function()
    local slipped, total, worst = delivery.milestone_slippage({
      { name = "design", baseline = "2026-01-10", forecast = "2026-01-12" },
      { name = "build", baseline = "2026-02-01", forecast = "2026-02-21" },
      { name = "test", baseline = "2026-03-01", forecast = "2026-02-25" },
      { name = "ship", baseline = "2026-04-01", actual = "2026-04-01", forecast = "2026-05-01" },
      { name = "no baseline", forecast = "2026-05-01" },
    })
    assert.equal(2, #slipped)
    assert.equal("build", slipped[1].name)
    assert.equal(20, slipped[1].days)
    assert.equal("design", slipped[2].name)
    assert.equal(22, total)
    assert.equal(20, worst)
  end)

  it("ignores slips within the tolerance", function()
    local slipped = delivery.milestone_slippage({
      { name = "design", baseline = "2026-01-10", forecast = "2026-01-12" },
    }, { tolerance_days = 2 })
    assert.equal(0, #slipped)
  end)

  it("gives positive schedule variance in days when late, as MS Project", function()
    assert.equal(3, delivery.schedule_variance_days("2026-03-31", "2026-04-03"))
    assert.equal(-29, delivery.schedule_variance_days("2026-06-30", "2026-06-01"))
  end)

  it("names the bad field when a date is malformed", function()
    assert.error(function()
      delivery.on_time_rate({ { status = "completed", baseline_finish = "31/03/2026",
        actual_finish = "2026-03-31" } })
    end, "baseline_finish")
  end)
end)
