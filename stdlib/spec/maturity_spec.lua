local maturity = require("pmo.maturity")

describe("pmo.maturity", function()
  it("takes the survey level as the mean answer rounded down", function()
    assert.equal(3, maturity.survey_level({ 3, 4 }))
    assert.equal(2, maturity.survey_level({ 2, 2, 3 }))
    assert.equal(nil, maturity.survey_level({}))
  end)

  it("rejects a survey answer outside 1..5", function()
    assert.error(function() maturity.survey_level({ 3, 7 }) end,
      "bad survey answer #2 (expected a number 1..5, got 7)")
  end)

  it("derives levels from figures when there is no survey", function()
    local levels, reasons = maturity.levels({ failure_rate = 0.08, compliance_gaps = 0.5,
      projects = 20, resource_conflicts = 1, late_rate = 0.04 })
    assert.equal(3, levels.methodology)      -- 8 % <= 10 %
    assert.equal(1, levels.governance)       -- 50 % > 30 %
    assert.equal(4, levels.resources)        -- 0.05 per project <= 0.1
    assert.equal(5, levels.reporting)        -- 4 % <= 5 %
    assert.equal(nil, levels.tools)
    assert.equal("unknown: no survey answers and no figure for this dimension", reasons.tools)
  end)

  it("caps a survey level by the evidence and says why", function()
    local levels, reasons = maturity.levels({ failure_rate = 0.25 },
      { methodology = { 4, 4, 5 }, tools = { 3 } })
    assert.equal(1, levels.methodology)      -- 25 % > 20 %: level 1
    assert.truthy(reasons.methodology:find("survey says 4, capped at 1 by failure_rate = 25%",
      1, true), reasons.methodology)
    assert.equal(3, levels.tools)
  end)

  it("keeps a survey level the evidence supports", function()
    local levels = maturity.levels({ failure_rate = 0.01 }, { methodology = { 3 } })
    assert.equal(3, levels.methodology)
  end)

  it("recommends a control tower for a portfolio that fails and runs late", function()
    local r = maturity.assess({ projects = 12, failure_rate = 0.2, late_rate = 0.45,
      compliance_gaps = 0.05, resource_conflicts = 1 })
    assert.equal("control_tower", r.pmo_type)
    assert.equal("controlling", r.pmbok_type)
    assert.equal("control tower", r.pmo_type_name)
    assert.equal(3, r.scores.control_tower)  -- failure rate, late rate, methodology level 2
    assert.equal("failure rate 20% is above 15%: enforce a common method and phase gates",
      r.reasons[1])
  end)

  it("recommends a resource pool when people conflicts dominate", function()
    local r = maturity.assess({ projects = 40, failure_rate = 0.05, late_rate = 0.1,
      compliance_gaps = 0.05, resource_conflicts = 30 })
    assert.equal("resource_pool", r.pmo_type)
    assert.equal("directive", r.pmbok_type)
    assert.equal(3, r.scores.resource_pool)  -- conflicts 0.75/project, level 1, 40 projects
  end)

  it("recommends a weather station when nothing calls for control", function()
    local r = maturity.assess({ projects = 8, failure_rate = 0.03, late_rate = 0.1,
      compliance_gaps = 0.04, resource_conflicts = 0, spend = 2e6 })
    assert.equal("weather_station", r.pmo_type)
    assert.equal("supportive", r.pmbok_type)
    assert.equal(1, #r.reasons)
    assert.equal(2e6, r.spend)
  end)

  it("breaks a tie in favour of the control tower", function()
    local r = maturity.assess({ projects = 10, failure_rate = 0.16, resource_conflicts = 6,
      compliance_gaps = 0.0, late_rate = 0.0 })
    -- control tower: failure rate; methodology level 2 -> 2 points.
    -- resource pool: 0.6 conflicts/project; resources level 1 -> 2 points.
    assert.equal(2, r.scores.control_tower)
    assert.equal(2, r.scores.resource_pool)
    assert.equal("control_tower", r.pmo_type)
  end)

  it("shows a ratio figure as a number and a share in percent", function()
    local r = maturity.assess({ projects = 40, failure_rate = 0.05, late_rate = 0.1,
      compliance_gaps = 0.05, resource_conflicts = 30 })
    assert.equal("resource conflicts per project 0.75 are above 0.50: manage people centrally",
      r.reasons_by_type.resource_pool[1])
    assert.equal("conflicts_per_project", r.fired[1].figure)
    assert.equal(0.75, r.fired[1].value)
  end)

  describe("parse_survey", function()
    it("reads answers per dimension, counting respondents and skipping empty answers", function()
      local survey, stats = maturity.parse_survey(
        "\239\187\191Respondent,Dimension,Answer,Comment\r\n"
        .. "ana,methodology,3,\"fine, mostly\"\r\n"
        .. "bo,Methodology,2,\r\n\r\n"
        .. "bo,tools,,\"no \"\"opinion\"\"\"\n", "s.csv")
      assert.same({ 3, 2 }, survey.methodology)
      assert.equal(nil, survey.tools)
      assert.same({ answers = 2, respondents = 2, skipped = 1 }, stats)
    end)

    it("names the file, line and field of a bad answer", function()
      assert.error(function() maturity.parse_survey("dimension,answer\ntools,2.5\n", "s.csv") end,
        "s.csv:2: field 'answer': '2.5' is not a whole number 1..5")
    end)

    it("names the line of an unclosed quote", function()
      assert.error(function() maturity.parse_survey("dimension,answer\n\"tools,2\n", "s.csv") end,
        "s.csv:2: a quoted field is not closed")
    end)

    it("refuses an empty file", function()
      assert.error(function() maturity.parse_survey("\n\n", "s.csv") end,
        "s.csv:1: empty survey: expected a header line naming dimension and answer")
    end)
  end)

  it("uses rules passed in opts", function()
    local rules = { evidence = maturity.RULES.evidence, TIE_ORDER = maturity.RULES.TIE_ORDER,
      recommend = { { type = "resource_pool", figure = "projects", above = 5,
        reason = "%s projects above %s" } } }
    local r = maturity.assess({ projects = 8 }, nil, { rules = rules })
    assert.equal("resource_pool", r.pmo_type)
    assert.equal("8 projects above 5", r.reasons[1])
  end)
end)
