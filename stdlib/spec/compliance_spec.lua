local compliance = require("pmo.compliance")

describe("pmo.compliance", function()
  describe("status_report_fresh", function()
    it("passes a report within the limit", function()
      local ok = compliance.status_report_fresh({ id = "A", last_status_report = "2026-01-20" },
        "2026-02-01")
      assert.equal(true, ok)
    end)

    it("fails a stale report with its age and the limit", function()
      local ok, msg = compliance.status_report_fresh(
        { id = "A", last_status_report = "2025-12-01" }, "2026-02-01")
      assert.equal(false, ok)
      assert.equal("A: last status report 2025-12-01 is 62 days old (limit 38)", msg)
    end)

    it("takes the limit from opts", function()
      local ok = compliance.status_report_fresh({ id = "A", last_status_report = "2026-01-01" },
        "2026-02-01", { max_status_age_days = 14 })
      assert.equal(false, ok)
    end)

    it("fails a project with no report", function()
      local ok, msg = compliance.status_report_fresh({ id = "A" }, "2026-02-01")
      assert.equal(false, ok)
      assert.equal("A: no status report on record", msg)
    end)
  end)

  describe("baseline_before_execution", function()
    it("passes a project that is not executing yet", function()
      assert.equal(true, (compliance.baseline_before_execution({ id = "A", phase = "planning" })))
    end)

    it("fails an executing project without a baseline", function()
      local ok, msg = compliance.baseline_before_execution({ id = "A", phase = "execution" })
      assert.equal(false, ok)
      assert.equal("A: in execution with no baseline set", msg)
    end)

    it("fails a baseline set after execution started", function()
      local ok = compliance.baseline_before_execution({ id = "A", phase = "execution",
        baseline_date = "2026-02-10", execution_start = "2026-02-01" })
      assert.equal(false, ok)
    end)

    it("passes a baseline set before execution", function()
      local ok = compliance.baseline_before_execution({ id = "A", phase = "execution",
        baseline_date = "2026-01-10", execution_start = "2026-02-01" })
      assert.equal(true, ok)
    end)
  end)

  describe("risk_register_present", function()
    it("asks no risk register of a project still in initiation", function()
      local ok, msg = compliance.risk_register_present({ id = "A", phase = "initiation", risks = {} })
      assert.equal(true, ok)
      assert.truthy(msg:find("no risk register required", 1, true))
      assert.equal(false, (compliance.risk_register_present({ id = "A", phase = "planning", risks = {} })))
    end)

    it("fails an empty register", function()
      local ok, msg = compliance.risk_register_present({ id = "A", risks = {} })
      assert.equal(false, ok)
      assert.equal("A: risk register has 0 risks (at least 1 required)", msg)
    end)

    it("passes with the required number of risks", function()
      assert.equal(true, (compliance.risk_register_present({ id = "A", risks = { {}, {} } },
        { min_risks = 2 })))
    end)
  end)

  describe("change_requests_decided", function()
    local p = { id = "A", change_requests = {
      { id = "CR1", raised = "2026-01-01", decided = "2026-01-10" },
      { id = "CR2", raised = "2026-01-01", decided = "2026-02-15" },
      { id = "CR3", raised = "2025-12-01" },
      { id = "CR4", raised = "2026-01-30" },
    } }

    it("fails requests decided late or open too long, naming each", function()
      local ok, msg = compliance.change_requests_decided(p, "2026-02-01")
      assert.equal(false, ok)
      assert.equal("A: 2 change requests not decided within 30 days: "
        .. "CR2 (decided after 45 days), CR3 (open for 62 days)", msg)
    end)

    it("passes when every request is within the limit", function()
      assert.equal(true, (compliance.change_requests_decided(p, "2026-02-01",
        { max_change_decision_days = 90 })))
    end)

    it("passes a project with no change requests", function()
      assert.equal(true, (compliance.change_requests_decided({ id = "B" }, "2026-02-01")))
    end)
  end)

  describe("messages", function()
    it("counts one risk, one day and one change request in the singular", function()
      local _, msg = compliance.risk_register_present({ id = "A", phase = "planning", risks = { {} } })
      assert.equal("A: risk register has 1 risk", msg)
      _, msg = compliance.status_report_fresh({ id = "A", last_status_report = "2026-01-31" }, "2026-02-01")
      assert.equal("A: status report 1 day old (limit 38)", msg)
      _, msg = compliance.change_requests_decided({ id = "A", change_requests = {
        { id = "CR1", raised = "2026-01-01", decided = "2026-01-02" } } }, "2026-02-01")
      assert.equal("A: 1 change request, decided within 30 days", msg)
    end)

    it("never says 'all 0'", function()
      local _, msg = compliance.phase_gate_artifacts({ id = "A", phase = "initiation", artifacts = {} },
        { phase_artifacts = { initiation = {} } })
      assert.equal("A: no gate artifacts required for phase initiation", msg)
      _, msg = compliance.change_requests_decided({ id = "A", change_requests = {} }, "2026-02-01")
      assert.equal("A: no change requests", msg)
    end)
  end)

  describe("phase_gate_artifacts", function()
    it("lists the artifacts missing for the phase", function()
      local ok, msg = compliance.phase_gate_artifacts({ id = "A", phase = "planning",
        artifacts = { "charter" } })
      assert.equal(false, ok)
      assert.equal("A: phase planning is missing business_case", msg)
    end)

    it("accepts artifacts given as a set", function()
      local ok = compliance.phase_gate_artifacts({ id = "A", phase = "planning",
        artifacts = { charter = true, business_case = true } })
      assert.equal(true, ok)
    end)

    it("uses the gate requirements from opts", function()
      local ok = compliance.phase_gate_artifacts({ id = "A", phase = "planning", artifacts = {} },
        { phase_artifacts = { planning = {} } })
      assert.equal(true, ok)
    end)

    it("passes a phase with no requirement", function()
      assert.equal(true, (compliance.phase_gate_artifacts({ id = "A", phase = "idea" })))
    end)
  end)
end)
