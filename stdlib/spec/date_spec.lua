local date = require("pmo.date")

describe("pmo.date", function()
  it("counts the epoch as day zero", function()
    assert.equal(0, date.day("1970-01-01"))
  end)

  it("counts days across a leap February", function()
    assert.equal(29, date.day("2024-03-01") - date.day("2024-02-01"))
    assert.equal(28, date.day("2026-03-01") - date.day("2026-02-01"))
  end)

  it("knows a century that is not a leap year", function()
    assert.equal(1, date.day("1900-03-01") - date.day("1900-02-28"))
    assert.equal(2, date.day("2000-03-01") - date.day("2000-02-28"))
  end)

  it("matches os.time for a known date", function()
    -- 2026-11-27 00:00 UTC is 1795737600 seconds after the epoch.
    assert.equal(1795737600 // 86400, date.day("2026-11-27"))
  end)

  it("round-trips every day of four centuries through format", function()
    local first, last = date.day("1899-12-25"), date.day("2301-01-05")
    for n = first, last do
      if date.day(date.format(n)) ~= n then
        assert.equal(n, date.day(date.format(n)))
      end
    end
  end)

  it("passes day numbers through unchanged", function()
    assert.equal(20000, date.day(20000))
  end)

  it("rejects an impossible date naming the field", function()
    assert.error(function() date.day("2026-02-30", "baseline_finish") end,
      "bad date in field 'baseline_finish'")
    assert.error(function() date.day("27/11/2026") end, "yyyy-mm-dd")
  end)

  it("numbers weekdays from Monday", function()
    assert.equal(4, date.weekday(date.day("1970-01-01")))  -- Thursday
    assert.equal(1, date.weekday(date.day("2026-11-23")))  -- Monday
    assert.equal(7, date.weekday(date.day("2026-11-29")))  -- Sunday
  end)

  it("puts early January in the last ISO week of the previous year", function()
    -- 2021-01-03 was a Sunday; its week's Thursday is 2020-12-31: 2020-W53.
    assert.equal("2020-W53", (date.week_key(date.day("2021-01-03"))))
    assert.equal("2021-W01", (date.week_key(date.day("2021-01-04"))))
  end)

  it("puts late December in week 1 of the next year when Thursday is there", function()
    -- 2024-12-30 is a Monday; that week's Thursday is 2025-01-02.
    assert.equal("2025-W01", (date.week_key(date.day("2024-12-30"))))
  end)

  it("keys months and returns their first day", function()
    local key, first = date.month_key(date.day("2026-02-17"))
    assert.equal("2026-02", key)
    assert.equal(date.day("2026-02-01"), first)
  end)
end)
