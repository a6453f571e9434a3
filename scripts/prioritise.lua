#!/usr/bin/env -S pmo run
-- Prioritisation under a budget: score every candidate project on the
-- strategic criteria (weighted scoring), then choose the set of highest total
-- score that fits the budget — exactly, not greedily (stdlib/pmo/prioritise.lua
-- and stdlib/pmo/selection.lua). Candidates are the projects not yet in
-- execution (initiation, planning); the cost of each is its BAC (p:evm().bac).
-- The table lists the funded projects first, then the deferred ones, each
-- by score; every deferral gives its reason (pmo.prioritise.deferrals: the
-- best total score a set with it reaches, against the funded set's).
--
--   pmo run scripts/prioritise.lua              -- budget: half the candidates' cost
--   pmo run scripts/prioritise.lua 5000000      -- a budget in money
local prioritise = require("pmo.prioritise")
local measures = require("pmo.measures")

-- The PMO's weights for the criteria in strategic_scores. They need not sum
-- to 1: the weighted score stays on the criteria's 1..5 scale.
local WEIGHTS = { strategic_fit = 0.5, customer_value = 0.3, risk_reduction = 0.2 }

local candidates = pmo.projects{ phase = { "initiation", "planning" } }
  :filter(function(p) return measures.bac(p) and next(p:scores()) end)
local total = measures.evm_totals(candidates).bac

local budget = tonumber(arg[1] or "") or total / 2
if arg[1] and not tonumber(arg[1]) then
  io.stderr:write("usage: prioritise.lua [BUDGET] (got '", arg[1], "')\n")
  os.exit(2)
end

-- Rank by weighted score; the selection maximises the sum of those scores.
local by_id = candidates:index_by("id")
local ranked = prioritise.rank(candidates:map(function(p)
  return { id = p.id, scores = p:scores() }
end), WEIGHTS)
local options = {}
for i, r in ipairs(ranked) do
  options[i] = { id = r.id, cost = measures.bac(by_id[r.id]), value = r.score }
end
local choice, why = prioritise.select(options, { budget = budget })
local chosen = {}
for _, id in ipairs(choice and choice.selected or {}) do chosen[id] = true end
-- Every deferral with its reason: what funding it would cost the portfolio.
local deferred = {}
if choice then
  for _, d in ipairs(prioritise.deferrals(options, choice, { budget = budget })) do deferred[d.id] = d end
end

-- The recommendation's order: funded projects first, then the deferred ones,
-- each by weighted score, so no deferred project ranks above one it funds.
local order = {}
for _, r in ipairs(ranked) do if chosen[r.id] then order[#order + 1] = r end end
for _, r in ipairs(ranked) do if not chosen[r.id] then order[#order + 1] = r end end

print(string.format("Prioritisation of %d candidates, budget %.0f of %.0f requested", #ranked, budget, total))
print(string.format("Weights: strategic_fit %.1f, customer_value %.1f, risk_reduction %.1f",
  WEIGHTS.strategic_fit, WEIGHTS.customer_value, WEIGHTS.risk_reduction))
print()
print(string.format("%4s %-8s %-32s %6s %12s  %s", "rank", "id", "name", "score", "cost", "decision"))
for i, r in ipairs(order) do
  local p = by_id[r.id]
  print(string.format("%4d %-8s %-32s %6.2f %12.0f  %s", i, p.id, p.name:sub(1, 32), r.score,
    measures.bac(p), chosen[p.id] and "FUND" or "defer"))
end

print()
if not choice then
  print("No selection fits: " .. tostring(why))
else
  print(string.format("Funded %d projects: total score %.2f for %.0f (%.0f left).",
    #choice.selected, choice.value, choice.cost, budget - choice.cost))
  local n = 0
  for _, r in ipairs(order) do
    local d = deferred[r.id]
    if d then
      if n == 0 then print("Deferred, and why:") end
      n = n + 1
      print(string.format("  %-8s %s", r.id, d.reason))
    end
  end
end

-- The efficient frontier: the best total score at each budget level, to show
-- what more (or less) money buys.
print()
print("What other budgets would buy:")
for _, point in ipairs(prioritise.frontier(options, 4)) do
  print(string.format("  budget %12.0f  score %6.2f  projects %d", point.budget, point.value or 0,
    point.selected and #point.selected or 0))
end
