local evm = require("pmo.evm")

-- Hand-computed case used below: BAC 1000, PV 500, EV 400, AC 450.
--   SV = 400 - 500 = -100          CV = 400 - 450 = -50
--   SPI = 400/500 = 0.8            CPI = 400/450 = 0.888...
--   EAC(cpi) = 1000/(400/450) = 1125
--   EAC(plan) = 450 + 600 = 1050
--   EAC(composite) = 450 + 600/(0.888... x 0.8) = 450 + 843.75 = 1293.75
--   TCPI(BAC) = 600/550 = 1.0909...  TCPI(EAC 1125) = 600/675 = 0.888...
local P = { bac = 1000, pv = 500, ev = 400, ac = 450 }

describe("pmo.evm", function()
  it("computes variances as EV minus PV and EV minus AC", function()
    assert.equal(-100, evm.sv(400, 500))
    assert.equal(-50, evm.cv(400, 450))
  end)

  it("computes SPI and CPI as ratios", function()
    assert.near(0.8, evm.spi(400, 500), 1e-12)
    assert.near(8 / 9, evm.cpi(400, 450), 1e-12)
  end)

  it("computes EAC as BAC over CPI", function()
    assert.near(1125, evm.eac_cpi(1000, 400, 450), 1e-9)
  end)

  it("computes EAC assuming the rest goes to plan", function()
    assert.equal(1050, evm.eac_plan(1000, 400, 450))
  end)

  it("computes composite EAC with CPI times SPI", function()
    assert.near(1293.75, evm.eac_composite(1000, 500, 400, 450), 1e-9)
  end)

  it("computes bottom-up EAC as AC plus ETC", function()
    assert.equal(700, evm.eac_bottom_up(450, 250))
    assert.equal(nil, evm.eac_bottom_up(450, nil))
  end)

  it("computes TCPI to BAC and to EAC", function()
    assert.near(600 / 550, evm.tcpi_bac(1000, 400, 450), 1e-12)
    assert.near(600 / 675, evm.tcpi_eac(1000, 400, 450, 1125), 1e-12)
  end)

  it("reports percent complete and spent as fractions", function()
    assert.near(0.4, evm.percent_complete(400, 1000), 1e-12)
    assert.near(0.45, evm.percent_spent(450, 1000), 1e-12)
  end)

  it("fills every measure in one call with the CPI EAC by default", function()
    local m = evm.measures(P)
    assert.equal(-100, m.sv)
    assert.equal(-50, m.cv)
    assert.near(1125, m.eac, 1e-9)
    assert.near(675, m.etc, 1e-9)
    assert.near(-125, m.vac, 1e-9)
    assert.near(600 / 675, m.tcpi_eac, 1e-12)
    assert.equal("cpi", m.eac_method)
  end)

  it("uses the chosen EAC method for ETC, VAC and TCPI to EAC", function()
    local m = evm.measures(P, nil, "plan")
    assert.equal(1050, m.eac)
    assert.equal(600, m.etc)
    assert.equal(-50, m.vac)
    assert.near(1.0, m.tcpi_eac, 1e-12)
  end)

  it("refills a caller-given table and clears fields that became undefined", function()
    local out = {}
    local same = evm.measures({ bac = 1000, pv = 500, ev = 400, ac = 450, etc_bottom_up = 10 }, out)
    assert.equal(out, same)
    assert.equal(460, out.eac_bottom_up)
    evm.measures({ bac = 1000, pv = 0, ev = 0, ac = 0 }, out)
    assert.equal(nil, out.eac_bottom_up)
    assert.equal(nil, out.cpi)
    assert.equal(nil, out.spi)
  end)

  it("returns nil, not inf or nan, for CPI when nothing has been spent", function()
    local m = evm.measures({ bac = 1000, pv = 100, ev = 50, ac = 0 })
    assert.equal(nil, m.cpi)
    assert.equal(nil, m.eac)
    assert.equal(nil, m.etc)
    assert.equal(nil, m.vac)
    assert.equal(nil, m.tcpi_eac)
    assert.equal(nil, m.eac_composite)
  end)

  it("returns nil EAC by CPI when nothing has been earned", function()
    assert.equal(nil, evm.eac_cpi(1000, 0, 200))
  end)

  it("returns nil SPI before anything was planned", function()
    assert.equal(nil, evm.spi(0, 0))
    assert.equal(nil, evm.eac_composite(1000, 0, 0, 10))
  end)

  it("returns nil TCPI to BAC once the whole budget is spent", function()
    assert.equal(nil, evm.tcpi_bac(1000, 800, 1000))
  end)

  it("returns nil percentages when BAC is zero", function()
    assert.equal(nil, evm.percent_complete(0, 0))
    assert.equal(nil, evm.percent_spent(10, 0))
  end)

  it("never yields inf or nan over a grid including zeros", function()
    local values = { 0, 1, 500, 1000 }
    local out = {}
    for _, bac in ipairs(values) do for _, pv in ipairs(values) do
      for _, ev in ipairs(values) do for _, ac in ipairs(values) do
        for _, method in ipairs({ "cpi", "plan", "composite", "bottom_up" }) do
          evm.measures({ bac = bac, pv = pv, ev = ev, ac = ac, etc_bottom_up = 5 }, out, method)
          for k, v in pairs(out) do
            if type(v) == "number" and (v ~= v or v == math.huge or v == -math.huge) then
              assert.equal("finite", tostring(v), k)
            end
          end
        end
      end end
    end end
  end)

  it("rejects a missing field with the field's name", function()
    assert.error(function() evm.measures({ bac = 1, pv = 1, ev = 1 }) end,
      "field 'ac' must be a number, got nil")
  end)

  it("rejects an unknown EAC method", function()
    assert.error(function() evm.measures(P, nil, "magic") end, "unknown EAC method 'magic'")
  end)

  describe("reference check: PRA package documentation", function()
    -- Source: the documented examples of the CRAN package PRA (P. Govan,
    -- "Project Risk Analysis", reference pages spi, cpi, eac, etc, tcpi at
    -- paulgovan.github.io/PRA; the package cites Damnjanovic & Reinschmidt,
    -- Data Analytics for Engineering and Construction Project Risk
    -- Management, Springer 2020). Each page prints its result; the inputs
    -- and printed values are copied here. BAC = 100,000; cumulative plan
    -- 10/20/40/70/100 %; status at period 3 (PV = 40,000); 35 % complete
    -- (EV = 35,000).

    it("matches the published SPI of 0.875", function()
      assert.near(0.875, evm.spi(35000, 40000), 0.0005)
      assert.near(-5000.00, evm.sv(35000, 40000), 0.005)
    end)

    it("matches the published CPI of 0.9722222 for AC = 36,000", function()
      -- actual costs 9,000 / 18,000 / 36,000 / ... : AC at period 3 = 36,000
      assert.near(0.9722222, evm.cpi(35000, 36000), 0.0000001)
    end)

    it("matches the published atypical EAC of 128,000 to the cent", function()
      assert.near(128000.00, evm.eac_plan(100000, 35000, 63000), 0.005)
    end)

    it("matches the published ETC at the planned rate of 65,000", function()
      assert.near(65000.00, evm.etc(evm.eac_plan(100000, 35000, 63000), 63000), 0.005)
    end)

    it("matches the published TCPI values (printed to 2 decimals)", function()
      assert.near(1.76, evm.tcpi_bac(100000, 35000, 63000), 0.005)
      assert.near(1.13, evm.tcpi_eac(100000, 35000, 63000, 120482), 0.005)
    end)
  end)

  describe("reference check: web article", function()
    -- Source: "What's in Earned Value Management? Part IV", Example I (a web
    -- article, as reproduced in the Nemotron-CC-Math-v1 text corpus). One task
    -- baselined at 100 h x $100 (BAC = PV = $10,000), 110 h spent (AC =
    -- $11,000), 10 h estimated to complete (ETC = $1,000); the article gives
    -- EV = $9,166.67, EAC = AC + ETC = $12,000 and VAC = -$2,000.
    local m = evm.measures({ bac = 10000, pv = 10000, ev = 9166.67, ac = 11000,
      etc_bottom_up = 1000 }, nil, "bottom_up")

    it("matches the published bottom-up EAC to the cent", function()
      assert.near(12000.00, m.eac, 0.005)
    end)

    it("matches the published VAC to the cent", function()
      assert.near(-2000.00, m.vac, 0.005)
    end)

    it("matches the published percent complete planned", function()
      assert.near(1.000, evm.percent_complete(m.pv, m.bac), 0.0005)
    end)
  end)
end)
