local resources = require("pmo.resources")

describe("pmo.resources", function()
  it("computes utilisation as booked over available", function()
    assert.near(0.875, resources.utilisation(140, 160), 1e-12)
    assert.equal(nil, resources.utilisation(10, 0))
  end)

  it("balances capacity against demand by role and period", function()
    local rows, deficits = resources.capacity_vs_demand(
      { { role = "dev", period = "2026-01", hours = 300 },
        { role = "dev", period = "2026-01", hours = 20 },
        { role = "qa", period = "2026-01", hours = 160 } },
      { { role = "dev", period = "2026-01", hours = 400 },
        { role = "qa", period = "2026-01", hours = 100 },
        { role = "qa", period = "2026-02", hours = 50 } })
    assert.equal(3, #rows)
    assert.equal("dev", rows[1].role)
    assert.equal(320, rows[1].capacity)
    assert.equal(-80, rows[1].balance)
    assert.equal(60, rows[2].balance)
    assert.equal("2026-02", rows[3].period)
    assert.equal(0, rows[3].capacity)
    assert.equal(-50, rows[3].balance)
    assert.equal(2, #deficits)
    assert.equal("dev", deficits[1].role)   -- worst deficit first
  end)

  it("counts capacity and demand without a role under \"(no role)\"", function()
    local rows = resources.capacity_vs_demand(
      { { period = "2026-01", hours = 160 }, { role = "dev", period = "2026-01", hours = 100 } },
      { { period = "2026-01", hours = 200 } })
    assert.equal(2, #rows)
    assert.equal(resources.NO_ROLE, rows[1].role)
    assert.equal("(no role)", rows[1].role)
    assert.equal(160, rows[1].capacity)
    assert.equal(-40, rows[1].balance)
  end)

  it("rejects a demand row without hours", function()
    assert.error(function()
      resources.capacity_vs_demand({}, { { role = "dev", period = "2026-01" } })
    end, "bad argument #2 to 'capacity_vs_demand' (row 1")
  end)

  it("finds people booked over their capacity", function()
    local over = resources.over_allocated({
      { person = "ana", period = "2026-01", project = "A", hours = 100 },
      { person = "ana", period = "2026-01", project = "B", hours = 60 },
      { person = "ana", period = "2026-02", project = "A", hours = 100 },
      { person = "bo",  period = "2026-01", project = "A", hours = 150 },
    }, { ana = 140, bo = { ["2026-01"] = 120 } })
    assert.equal(2, #over)
    assert.equal("bo", over[1].person)          -- 150/120 = 1.25 before 160/140
    assert.near(1.25, over[1].ratio, 1e-12)
    assert.equal("ana", over[2].person)
    assert.equal(160, over[2].allocated)
  end)

  it("accepts an over-allocation threshold", function()
    local over = resources.over_allocated(
      { { person = "ana", period = "p", hours = 150 } }, { ana = 140 }, { threshold = 1.1 })
    assert.equal(0, #over)
  end)

  it("asks for the capacity of an unknown person", function()
    assert.error(function()
      resources.over_allocated({ { person = "zed", period = "p", hours = 1 } }, {})
    end, "no capacity for 'zed'")
    local over = resources.over_allocated({ { person = "zed", period = "p", hours = 9 } }, {},
      { default_capacity = 8 })
    assert.equal(1, #over)
  end)
end)
