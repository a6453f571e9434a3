local risk = require("pmo.risk")

local RISKS = {
  { id = "R1", project = "A", probability = 0.5, impact = 1000, status = "open",
    last_reviewed = "2026-01-01", probability_score = 3, impact_score = 4 },
  { id = "R2", project = "A", probability = 0.1, impact = 20000, status = "open",
    last_reviewed = "2026-01-25" },
  { id = "R3", project = "B", probability = 0.8, impact = 500, status = "open" },
  { id = "R4", project = "B", probability = 0.9, impact = 99999, status = "closed" },
}

describe("pmo.risk", function()
  it("computes exposure as probability times impact", function()
    assert.near(500, risk.exposure(0.5, 1000), 1e-9)
  end)

  it("sums the exposure of open risks only", function()
    local total, n = risk.total_exposure(RISKS)
    assert.near(500 + 2000 + 400, total, 1e-9)
    assert.equal(3, n)
  end)

  it("leaves a risk that occurred out of the exposure: it is an issue now", function()
    local total, n = risk.total_exposure({
      { id = "O1", probability = 0.5, impact = 1000, status = "occurred" },
      { id = "O2", probability = 0.5, impact = 1000, status = "mitigating" },
    })
    assert.near(500, total, 1e-9)
    assert.equal(1, n)
  end)

  it("splits portfolio exposure by project", function()
    local by, total = risk.portfolio_exposure(RISKS)
    assert.near(2500, by.A, 1e-9)
    assert.near(400, by.B, 1e-9)
    assert.near(2900, total, 1e-9)
  end)

  it("rejects a probability given as a percentage", function()
    assert.error(function()
      risk.total_exposure({ { id = "R9", probability = 30, impact = 1 } })
    end, "risk R9 has probability 30; expected 0..1")
  end)

  it("scores values against band upper bounds", function()
    assert.equal(1, risk.score(0.10, risk.PROBABILITY_BANDS))
    assert.equal(2, risk.score(0.11, risk.PROBABILITY_BANDS))
    assert.equal(5, risk.score(0.95, risk.PROBABILITY_BANDS))
  end)

  it("counts open risks in a 5 by 5 grid", function()
    local grid, n = risk.heat_map(RISKS, { impact_bands = { 100, 1000, 5000, 10000 } })
    assert.equal(3, n)
    assert.equal(1, grid[3][4])   -- R1 by its explicit scores
    assert.equal(1, grid[1][5])   -- R2: p 0.1 -> 1, impact 20000 -> 5
    assert.equal(1, grid[5][2])   -- R3: p 0.8 -> 5, impact 500 -> 2
    assert.equal(0, grid[5][5])   -- R4 is closed
  end)

  it("asks for impact bands when a risk has no impact score", function()
    assert.error(function() risk.heat_map(RISKS) end, "pass opts.impact_bands")
  end)

  it("lists risks not reviewed within N days, never-reviewed first", function()
    local stale = risk.stale(RISKS, "2026-02-01", 14)
    assert.equal(2, #stale)
    assert.equal("R3", stale[1].id)
    assert.equal(nil, stale[1].days)
    assert.equal("R1", stale[2].id)
    assert.equal(31, stale[2].days)
  end)
end)
