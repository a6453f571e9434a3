local flow = require("pmo.flow")

local ITEMS = {
  { id = "1", type = "story", created = "2026-01-01", started = "2026-01-05", resolved = "2026-01-07" },
  { id = "2", type = "story", created = "2026-01-02", started = "2026-01-06", resolved = "2026-01-16" },
  { id = "3", type = "bug",   created = "2026-01-03", started = "2026-01-06", resolved = "2026-02-02" },
  { id = "4", type = "story", created = "2026-01-04", started = "2026-01-12" },
  { id = "5", type = "bug",   created = "2026-01-10" },
}

describe("pmo.flow", function()
  it("counts items started and not yet resolved as WIP", function()
    -- On 2026-01-06: items 1, 2, 3 started; none resolved yet.
    assert.equal(3, flow.wip(ITEMS, "2026-01-06"))
    -- On 2026-01-07 item 1 is resolved that day, so it is no longer WIP.
    assert.equal(2, flow.wip(ITEMS, "2026-01-07"))
    -- On 2026-01-20: items 3 and 4.
    assert.equal(2, flow.wip(ITEMS, "2026-01-20"))
  end)

  it("counts created-but-unstarted items only when asked", function()
    assert.equal(3, flow.wip(ITEMS, "2026-01-20", { from_created = true }))
  end)

  it("filters WIP by item type", function()
    assert.equal(1, flow.wip(ITEMS, "2026-01-20", { type = "bug" }))
    assert.equal(2, flow.wip(ITEMS, "2026-01-20", { type = { bug = true, story = true } }))
  end)

  it("counts throughput per ISO week including empty weeks", function()
    local s = flow.throughput(ITEMS, "week")
    -- 2026-01-07 is in 2026-W02, 2026-01-16 in W03, 2026-02-02 (Monday) in W06.
    assert.equal(5, #s)
    assert.equal("2026-W02", s[1].period)
    assert.equal(1, s[1].count)
    assert.equal(1, s[2].count)
    assert.equal(0, s[3].count)
    assert.equal(0, s[4].count)
    assert.equal("2026-W06", s[5].period)
    assert.equal(1, s[5].count)
  end)

  it("counts throughput per month over a requested range", function()
    local s = flow.throughput(ITEMS, "month", { from = "2025-12-15", to = "2026-03-01" })
    assert.equal(4, #s)
    assert.equal("2025-12", s[1].period)
    assert.equal(0, s[1].count)
    assert.equal(2, s[2].count)
    assert.equal(1, s[3].count)
    assert.equal("2026-03", s[4].period)
  end)

  it("returns an empty series when nothing was resolved", function()
    assert.equal(0, #flow.throughput({}, "week"))
  end)

  it("rejects an unknown throughput period", function()
    assert.error(function() flow.throughput(ITEMS, "day") end, "expected \"week\" or \"month\"")
  end)

  it("measures cycle time from start to resolution", function()
    assert.same({ 2, 10, 27 }, flow.cycle_times(ITEMS))
  end)

  it("takes percentiles by nearest rank", function()
    local v = { 15, 20, 35, 40, 50 }   -- the textbook nearest-rank example
    assert.equal(15, flow.percentile(v, 5))
    assert.equal(20, flow.percentile(v, 30))
    assert.equal(20, flow.percentile(v, 40))
    assert.equal(35, flow.percentile(v, 50))
    assert.equal(50, flow.percentile(v, 100))
    assert.equal(15, flow.percentile(v, 0))
  end)

  it("does not reorder the caller's values", function()
    local v = { 3, 1, 2 }
    flow.percentile(v, 50)
    assert.same({ 3, 1, 2 }, v)
  end)

  it("returns nil percentile for no values", function()
    assert.equal(nil, flow.percentile({}, 50))
  end)

  it("needs 2, 7 and 20 values before the 50th, 85th and 95th percentiles differ from the maximum", function()
    assert.equal(2, flow.min_sample(50))
    assert.equal(7, flow.min_sample(85))
    assert.equal(20, flow.min_sample(95))
    assert.equal(nil, flow.min_sample(100))
    for _, p in ipairs({ 50, 85, 95 }) do
      local n = flow.min_sample(p)
      local below, at = {}, {}
      for i = 1, n - 1 do below[i] = i end
      for i = 1, n do at[i] = i end
      assert.equal(n - 1, flow.percentile(below, p))   -- the maximum: says nothing more
      assert.truthy(flow.percentile(at, p) < n)
    end
  end)

  it("computes cycle-time percentiles with the count measured", function()
    local p, n = flow.cycle_time_percentiles(ITEMS, { 50, 85 })
    assert.equal(3, n)
    assert.equal(10, p[50])
    assert.equal(27, p[85])
  end)

  it("ages open items from their start, else from creation", function()
    assert.equal(8, flow.age(ITEMS[4], "2026-01-20"))
    assert.equal(10, flow.age(ITEMS[5], "2026-01-20"))
    assert.equal(nil, flow.age(ITEMS[1], "2026-01-20"))
    assert.equal(nil, flow.age(ITEMS[5], "2026-01-09"))
  end)

  it("lists open items oldest first", function()
    local a = flow.ages(ITEMS, "2026-01-20")
    assert.equal(3, #a)
    assert.equal("3", a[1].id)
    assert.equal(14, a[1].age)
    assert.equal("5", a[2].id)
    assert.equal(false, a[2].started)
  end)
end)
