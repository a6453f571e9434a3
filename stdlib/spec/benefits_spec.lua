local benefits = require("pmo.benefits")

local B1 = { id = "B1", project = "A",
  planned = { { date = "2026-01-31", amount = 100 }, { date = "2026-02-28", amount = 100 },
              { date = "2026-03-31", amount = 100 } },
  realised = { { date = "2026-01-31", amount = 80 }, { date = "2026-02-28", amount = 70 } } }
local B2 = { id = "B2", project = "A",
  planned = { { date = "2026-02-15", amount = 50 } },
  realised = { { date = "2026-02-20", amount = 60 } } }

describe("pmo.benefits", function()
  it("sums realised and planned amounts up to and including a date", function()
    local r, p, ratio = benefits.to_date(B1, "2026-02-28")
    assert.equal(150, r)
    assert.equal(200, p)
    assert.near(0.75, ratio, 1e-12)
  end)

  it("returns a nil ratio before anything was planned", function()
    local r, p, ratio = benefits.to_date(B1, "2025-12-31")
    assert.equal(0, r)
    assert.equal(0, p)
    assert.equal(nil, ratio)
  end)

  it("totals many benefits with a per-benefit variance", function()
    local rows, tr, tp, ratio = benefits.realised_vs_planned({ B1, B2 }, "2026-02-28")
    assert.equal(-50, rows[1].variance)
    assert.equal(10, rows[2].variance)
    assert.equal(210, tr)
    assert.equal(250, tp)
    assert.near(0.84, ratio, 1e-12)
  end)

  it("rejects an entry without an amount", function()
    assert.error(function()
      benefits.to_date({ planned = { { date = "2026-01-01" } } }, "2026-02-01")
    end, "bad benefit entry 1 in 'planned'")
  end)
end)
