local fmt = require("pmo.format")

describe("pmo.format units", function()
  it("writes money with thousands separators and the currency's symbol", function()
    assert.equal("€832,000", fmt.value(832000.0, "money", { currency = "EUR" }))
    assert.equal("$1,112,000", fmt.value(1112000.4, "money", { currency = "USD" }))
    assert.equal("SEK 1,234", fmt.value(1234, "money", { currency = "SEK" }))
  end)

  it("writes negative money with the sign before the currency", function()
    assert.equal("-€950", fmt.value(-950, "money", { currency = "EUR" }))
    assert.equal("-€1,234,568", fmt.value(-1234567.8, "money", { currency = "EUR" }))
  end)

  it("keeps cents only on money below a thousand that has them", function()
    assert.equal("€85.50", fmt.value(85.5, "money", { currency = "EUR" }))
    assert.equal("€1,086", fmt.value(1085.5, "money", { currency = "EUR" }))
  end)

  it("writes shares as percentages, whatever the unit is called", function()
    assert.equal("16.5%", fmt.value(0.165, "share"))
    assert.equal("16.5%", fmt.value(0.165, "percent"))
    assert.equal("-5.0%", fmt.value(-0.05, "share"))
  end)

  it("writes ratios to two decimals", function()
    assert.equal("0.78", fmt.value(0.78290316170423, "ratio"))
    assert.equal("-1.50", fmt.value(-1.5, "ratio"))
  end)

  it("writes days, hours and counts whole and grouped", function()
    assert.equal("-123 d", fmt.value(-123, "days"))
    assert.equal("1,234 h", fmt.value(1234.4, "hours"))
    assert.equal("2.5 h", fmt.value(2.5, "hours"))
    assert.equal("12,345", fmt.value(12345, "count"))
  end)

  it("writes plain numbers grouped with at most three decimals", function()
    assert.equal("338,664.296", fmt.value(338664.29600000003, "number"))
    assert.equal("832,000", fmt.value(832000.0, "number"))
    assert.equal("0.783", fmt.value(0.78290316170423, "number"))
  end)

  it("writes huge and tiny numbers without losing them", function()
    assert.equal("€1,000,000,000,000", fmt.value(1e12, "money", { currency = "EUR" }))
    assert.equal("1e-05", fmt.value(0.00001, "number"))
    assert.equal("1e+20", fmt.value(1e20, "number"))
  end)

  it("shows nil as a dash and NaN and infinities as n/a", function()
    assert.equal("—", fmt.value(nil, "money"))
    assert.equal("-", fmt.value(nil, "ratio", { missing = "-" }))
    assert.equal("n/a", fmt.value(0 / 0, "ratio"))
    assert.equal("n/a", fmt.value(math.huge, "money"))
    assert.equal("n/a", fmt.value(-math.huge, "share"))
  end)

  it("never prints a negative zero", function()
    assert.equal("0.00", fmt.value(-0.0001, "ratio"))
    assert.equal("€0.00", fmt.value(-0.001, "money", { currency = "EUR" }))
  end)

  it("maps KPI units to formats", function()
    assert.equal("percent", fmt.of_unit("share"))
    assert.equal("integer", fmt.of_unit("count"))
    assert.equal("hours", fmt.of_unit("hours"))
    assert.equal("number", fmt.of_unit("furlongs"))
  end)
end)

describe("pmo.format shortest round trip", function()
  it("drops the last-bit noise of decimal arithmetic", function()
    assert.equal("338664.296", fmt.shortest(338664.29600000003))
    assert.equal("0.3", fmt.shortest(0.1 + 0.2))
    assert.equal("0.1", fmt.shortest(0.1))
  end)

  it("keeps every digit a double needs beyond that noise", function()
    for _, v in ipairs({ 1 / 3, 2 ^ 0.5, -9.87654321e-12, 123456.78901234567 }) do
      assert.equal(v, tonumber(fmt.shortest(v)))
    end
    assert.equal("0.3333333333333333", fmt.shortest(1 / 3))
  end)

  it("writes whole numbers without a point", function()
    assert.equal("832000", fmt.shortest(832000.0))
    assert.equal("-3", fmt.shortest(-3))
    assert.equal("0", fmt.shortest(-0.0))
  end)

  it("has no text for NaN and infinities", function()
    assert.equal(nil, fmt.shortest(0 / 0))
    assert.equal(nil, fmt.shortest(math.huge))
  end)
end)

describe("pmo.format RAG rule", function()
  local higher = { green = 0.95, amber = 0.85, direction = "higher_is_better" }
  local lower = { green = 0.05, amber = 0.15, direction = "lower_is_better" }

  it("shows a value just under a green threshold precisely enough to read as under it", function()
    assert.equal("0.9496", fmt.value(0.9496, "ratio", { bands = higher }))
  end)

  it("keeps two decimals when rounding does not cross a threshold", function()
    assert.equal("0.95", fmt.value(0.9512, "ratio", { bands = higher }))
    assert.equal("0.78", fmt.value(0.7829, "ratio", { bands = higher }))
    assert.equal("0.95", fmt.value(0.95, "ratio", { bands = higher }))
  end)

  it("applies to shares against lower-is-better thresholds", function()
    assert.equal("5.04%", fmt.value(0.0504, "share", { bands = lower }))
    assert.equal("5.0%", fmt.value(0.0496, "share", { bands = lower }))
  end)

  it("shows a value in full when no rounding keeps it on its side", function()
    local v = 0.95 - 1e-13
    assert.equal("0.9499999999999", fmt.value(v, "ratio", { bands = higher }))
  end)
end)
