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
