local es = require("pmo.es")
local evm = require("pmo.evm")

-- A 360-day plan (twelve 30-day periods), hand-made, not from a publication.
-- The store locates ES on the curve (EarnedSchedule, tested in Swift); these are
-- the measures that follow from ES, AT and PD, all in days.
describe("pmo.es", function()
  it("measures schedule variance and index in time", function()
    local m = es.measures(96, 120, 360)
    assert.near(-24, m.sv_t, 1e-12)
    assert.near(0.8, m.spi_t, 1e-12)
    assert.near(450, m.ieac_t, 1e-12)          -- 360 / 0.8
    assert.near((360 - 96) / (360 - 120), m.tspi, 1e-12)
  end)

  it("shows a late finish that SPI in money hides", function()
    -- All of the budget earned, 480 days into a 360-day plan: ES = PD.
    local m = es.measures(360, 480, 360)
    assert.near(1.0, evm.spi(1000, 1000), 1e-12)   -- cost-based SPI says "on time"
    assert.near(0.75, m.spi_t, 1e-12)              -- PD / AT
    assert.near(-120, m.sv_t, 1e-12)
  end)

  it("has no SPI(t) or IEAC(t) at time zero", function()
    local m = es.measures(0, 0, 360)
    assert.equal(nil, m.spi_t)
    assert.equal(nil, m.ieac_t)
    assert.equal(0, m.sv_t)
  end)

  it("has no IEAC(t) while nothing is earned", function()
    local m = es.measures(0, 60, 360)
    assert.equal(0, m.spi_t)
    assert.equal(nil, m.ieac_t)
  end)

  it("returns nil TSPI against PD once AT has passed PD", function()
    assert.equal(nil, es.measures(330, 480, 360).tspi)
  end)

  it("gives TSPI against IEAC(t) equal to SPI(t) after PD has passed", function()
    -- (PD - ES)/(PD/SPI(t) - AT) = ES/AT.
    local m = es.measures(330, 480, 360)
    assert.near(330 / 480, es.tspi(360, m.es, 480, m.ieac_t), 1e-12)
  end)

  it("reuses a caller-given table", function()
    local out = {}
    assert.equal(out, es.measures(96, 120, 360, out))
    es.measures(0, 0, 360, out)
    assert.equal(nil, out.spi_t)
  end)

  it("rejects a negative actual time", function()
    assert.error(function() es.measures(10, -1, 360) end, "bad argument #2 to 'measures'")
  end)
end)
