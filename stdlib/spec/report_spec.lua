local report = require("pmo.report")
local fmt = require("pmo.report.format")
local json = require("pmo.report.json")
local csv = require("pmo.report.csv")
local md = require("pmo.report.markdown")
local text = require("pmo.report.text")
local svg = require("pmo.report.svg")

describe("pmo.report.format", function()
  it("groups money and prefixes the currency after the sign", function()
    assert.equal("€1,234,568", fmt.value(1234567.8, "money", { currency = "€" }))
    assert.equal("-€950", fmt.value(-950, "money", { currency = "€" }))
    assert.equal("1.2M", fmt.value(1234567, "money", { compact = true, currency = "" }))
  end)

  it("reads percent as a fraction and never prints a negative zero", function()
    assert.equal("93.4%", fmt.value(0.934, "percent"))
    assert.equal("0.00", fmt.value(-0.0001, "ratio"))
    assert.equal("0", fmt.value(-0.2, "integer"))
  end)

  it("shows missing and non-finite values as such", function()
    assert.equal("—", fmt.value(nil, "money"))
    assert.equal("n/a", fmt.value(0 / 0, "ratio"))
    assert.equal("n/a", fmt.value(math.huge, "money"))
  end)

  it("knows RAG in any case and as initials", function()
    assert.equal("red", fmt.rag_key("RED"))
    assert.equal("amber", fmt.rag_key("A"))
    assert.equal(nil, fmt.rag_key("blue"))
  end)
end)

describe("pmo.report document", function()
  it("orders named columns after listed ones, sorted, whatever the table layout", function()
    local doc = report.new { title = "t" }
    doc:table({ { a = 1, b = 2, c = 3, d = 4 } }, { "b", d = function(r) return r.d end, c = { title = "C" }, "a" })
    local keys = {}
    for i, c in ipairs(doc.blocks[1].columns) do keys[i] = c.key end
    assert.same({ "b", "a", "c", "d" }, keys)
  end)

  it("guesses formats from known fields and values", function()
    local doc = report.new { title = "t" }
    doc:table({ { bac = 10, n = 3, name = "x", overall = "G" } }, { "bac", "n", "name", "overall" })
    local formats = {}
    for i, c in ipairs(doc.blocks[1].columns) do formats[i] = c.format end
    assert.same({ "money", "integer", "text", "rag" }, formats)
    assert.equal("green", doc.blocks[1].rows[1][4])
  end)

  it("rejects an unknown column format, naming the column", function()
    local doc = report.new { title = "t" }
    assert.error(function() doc:table({}, { { "x", format = "euros" } }) end, "column 'x' has unknown format 'euros'")
  end)

  it("rejects an unknown chart kind and a chart without its data", function()
    local doc = report.new { title = "t" }
    assert.error(function() doc:chart { kind = "pie" } end, "kind must be bar, line")
    assert.error(function() doc:chart { kind = "timeline" } end, "timeline chart: give milestones")
  end)

  it("renders only the formats it knows", function()
    assert.error(function() report.new("t"):render("pdf") end, "format must be text, md, csv, json or html")
  end)

  it("counts open risks into the probability x impact grid", function()
    local doc = report.new("t")
    doc:chart { kind = "risk_matrix", risks = {
      { id = "R1", probability = 0.95, impact_score = 5 },
      { id = "R2", probability = 0.05, impact_score = 1 },
      { id = "R3", probability = 0.95, impact_score = 5, status = "closed" },
      { id = "R4", probability = 0.5 },
    } }
    local c = doc.blocks[1].chart
    assert.equal(1, c.grid[5][5].count)
    assert.equal(1, c.grid[1][1].count)
    assert.same({ "R4" }, c.unscored)
  end)
end)

describe("pmo.report.json", function()
  it("sorts keys and keeps gaps in arrays", function()
    assert.equal('{"a":1,"b":[1,null,3],"c":"x"}', json.encode({ c = "x", a = 1, b = { 1, nil, 3, n = 3 } }))
  end)

  it("escapes quotes, control characters and HTML-significant characters", function()
    assert.equal('"\\"\\n\\u001b\\u003c\\u0026"', json.string('"\n\27<&'))
  end)

  it("writes NaN and infinity as null", function()
    assert.equal("[null,null]", json.encode({ 0 / 0, math.huge }))
  end)

  it("writes a Date as its ISO text, not as an array of its day number's length", function()
    assert.equal('{"finish":"2026-06-30"}', json.encode({ finish = require("pmo.date").parse("2026-06-30") }))
  end)
end)

describe("pmo.report.csv", function()
  it("quotes fields holding commas, quotes and line breaks", function()
    assert.equal('"a,b"', csv.field("a,b"))
    assert.equal('"say ""hi"""', csv.field('say "hi"'))
    assert.equal('"two\nlines"', csv.field("two\nlines"))
  end)

  it("disarms text that a spreadsheet would run as a formula, not negative numbers", function()
    assert.equal("'=SUM(A1)", csv.field("=SUM(A1)"))
    assert.equal("'-1+2", csv.field("-1+2"))
    assert.equal("-3", csv.field(-3))
  end)
end)

describe("pmo.report.markdown", function()
  it("escapes inline markup everywhere and block markup at line starts only", function()
    assert.equal("a\\*b\\* \\| c", md.escape("a*b* | c"))
    assert.equal("\\# PRJ-001 # x", md.escape("# PRJ-001 # x"))
    assert.equal("&lt;b> &amp; x", md.escape("<b> & x"))
  end)

  it("leaves figures and ids that cannot start a block as they are", function()
    assert.equal("0.89", md.escape("0.89"))
    assert.equal("-950 and PRJ-001", md.escape("-950 and PRJ-001"))
    assert.equal("#1 priority", md.escape("#1 priority"))
  end)

  it("escapes a line's start where it would begin a list, heading, quote or rule", function()
    assert.equal("\\- item\n1\\. first\n\\> quote\n\\---", md.escape("- item\n1. first\n> quote\n---"))
  end)
end)

describe("pmo.report.text", function()
  it("shows control characters instead of sending them to the terminal", function()
    assert.equal("a\\027[31m b", text.clean("a\27[31m\nb"))
  end)

  it("aligns numbers right and writes RAG as words without colour", function()
    local doc = report.new { title = "T", currency = "" }
    doc:table({ { id = "P1", bac = 5, rag = "red" }, { id = "P22", bac = 1000, rag = "green" } }, { "id", "bac", "rag" })
    assert.equal("id     bac  rag\n---  -----  -----\nP1       5  RED\nP22  1,000  GREEN\n", text.blocks(doc))
  end)
end)

describe("pmo.report.svg", function()
  it("picks ticks of 1, 2 or 5 times a power of ten covering the range", function()
    for _, case in ipairs({ { 0, 9.3, { 0, 2, 4, 6, 8, 10 } }, { 0.62, 0.97, { 0.6, 0.7, 0.8, 0.9, 1.0 } } }) do
      local ticks = svg.ticks(case[1], case[2], 5)
      assert.equal(#case[3], #ticks)
      for i, v in ipairs(case[3]) do assert.near(v, ticks[i], 1e-9) end
    end
  end)

  it("escapes markup and drops characters XML forbids", function()
    assert.equal("&lt;a href=&quot;x&quot;&gt; &amp; &#39;\u{FFFD}", svg.escape("<a href=\"x\"> & '\27"))
  end)
end)

describe("pmo.report gantt chart", function()
  -- A hand-built schedule as p:schedule() gives it: a phase, three tasks, a milestone.
  local function schedule()
    return {
      project_id = "P", status_date = "2026-01-09",
      tasks = {
        { id = "P/1", wbs = "1", name = "Phase", is_summary = true, critical = true,
          early_start_at = "2026-01-05T08:00", early_finish_at = "2026-01-16T17:00" },
        { id = "P/1.1", wbs = "1.1", name = "Design", critical = true, total_float = 0,
          early_start_at = "2026-01-05T08:00", early_finish_at = "2026-01-09T17:00",
          baseline_start = "2026-01-05", baseline_finish = "2026-01-09" },
        { id = "P/1.2", wbs = "1.2", name = "Build", critical = true, total_float = 0,
          early_start_at = "2026-01-12T08:00", early_finish_at = "2026-01-16T17:00",
          baseline_start = "2026-01-12", baseline_finish = "2026-01-14" },
        { id = "P/1.3", wbs = "1.3", name = "Docs", critical = false, total_float = 3,
          early_start_at = "2026-01-12T08:00", early_finish_at = "2026-01-13T17:00" },
        { id = "P/1.4", wbs = "1.4", name = "Done", is_milestone = true, critical = true, total_float = 0,
          early_start_at = "2026-01-16T17:00", early_finish_at = "2026-01-16T17:00" },
      },
    }
  end
  local function count(s, pattern)
    local n = 0
    for _ in s:gmatch(pattern) do n = n + 1 end
    return n
  end
  local function gantt_svg(s)
    local doc = report.new { title = "t" }
    doc:chart { kind = "gantt", schedule = s or schedule() }
    return svg.render(doc.blocks[1].chart, "g")
  end

  it("draws a bar for each task that is neither summary nor milestone", function()
    assert.equal(3, count(gantt_svg(), 'class="bar[ "]'))
  end)

  it("marks the critical tasks' bars critical and no other", function()
    local out = gantt_svg()
    assert.equal(2, count(out, 'class="bar critical"'))
    assert.equal(1, count(out, 'class="milestone critical"'))
    assert.equal(1, count(out, 'class="summary critical"'))
  end)

  it("draws milestones as diamonds at their finish", function()
    -- The scale runs from 3 days before the first start (2026-01-02) to 3 days after the last
    -- finish (2026-01-20), 18 days over the 676 px right of the 300 px label column: 37.56 px
    -- a day. 2026-01-16 17:00 is 14.708 days in: x = 300 + 14.708 x 37.56 = 852.4.
    assert.truthy(gantt_svg():find('<path d="M852.4 [%d.]+L858.4 [%d.]+L852.4 [%d.]+L846.4 [%d.]+Z"[^>]*class="milestone critical"'))
  end)

  it("draws a baseline bar for each task that has a baseline", function()
    assert.equal(2, count(gantt_svg(), 'class="baseline"'))
  end)

  it("draws summaries as brackets", function()
    assert.equal(1, count(gantt_svg(), 'class="summary'))
  end)

  it("puts the status-date line at the end of the status date", function()
    -- At 37.56 px a day from 2026-01-02 (above), the end of 2026-01-09 is 8 days in:
    -- x = 300 + 8 x 37.56 = 600.4; 5 rows of 20 px from y = 56 end at 156.
    assert.truthy(gantt_svg():find('<line x1="600.4" y1="42" x2="600.4" y2="156" [^>]*class="status"'))
  end)

  it("gives each task a 20 px row, so 200 tasks make a 4,084 px high chart", function()
    local tasks = {}
    for i = 1, 200 do
      tasks[i] = { id = "T" .. i, name = "Task " .. i, early_start_at = "2026-01-05T08:00", early_finish_at = "2027-12-31T17:00" }
    end
    local out = gantt_svg({ tasks = tasks })
    assert.truthy(out:find('height="4084"', 1, true))   -- 56 above the rows, 28 below
    assert.equal(200, count(out, 'class="bar"'))
  end)

  it("keeps at least 2 px a day, so a two-year plan is wider than the page and scrolls in HTML", function()
    local s = { tasks = { { id = "A", name = "A", early_start_at = "2026-01-05T08:00", early_finish_at = "2027-12-31T17:00" } } }
    -- 2026-01-02 to 2028-01-04: 732 days x 2 px + 300 + 24.
    assert.truthy(gantt_svg(s):find('width="1788"', 1, true))
    local doc = report.new { title = "t" }
    doc:chart { kind = "gantt", schedule = s }
    assert.truthy(doc:render("html"):find('<div class="scroll"><svg', 1, true))
  end)

  it("cuts long names and keeps the whole name in the tooltip", function()
    local name = string.rep("Very long task name ", 5)
    local out = gantt_svg({ tasks = { { id = "A", name = name, early_start_at = "2026-01-05T08:00", early_finish_at = "2026-01-06T17:00" } } })
    assert.truthy(out:find("…<title>", 1, true))
    assert.truthy(out:find("<title>" .. name, 1, true))
  end)

  it("says in the terminal what it cannot draw and lists the tasks with the critical ones marked", function()
    local doc = report.new { title = "t" }
    doc:chart { kind = "gantt", schedule = schedule(), title = "Plan" }
    local out = doc:render("text")
    assert.truthy(out:find("drawn in the HTML report", 1, true))
    assert.equal(5, count(out, "critical\n"))   -- the column's title and the four critical tasks
    assert.truthy(doc:render("md"):find("drawn in the HTML report", 1, true))
  end)

  it("rejects a gantt chart without a schedule or tasks", function()
    local doc = report.new { title = "t" }
    assert.error(function() doc:chart { kind = "gantt" } end, "gantt chart: give schedule")
  end)
end)
