#!/usr/bin/env -S pmo run
-- Portfolio health: one line per portfolio, the RAG the project managers
-- reported next to the RAG their numbers earn, and the "false greens" where
-- the two disagree (reported green, numbers red) — the first thing a PMO
-- should look at on Monday morning.
--
--   pmo run scripts/portfolio-health.lua            -- every portfolio
--   pmo run scripts/portfolio-health.lua DIGITAL    -- one portfolio, by id or name
local evm = require("pmo.evm")
local delivery = require("pmo.delivery")

local only = arg[1]
local on = pmo.asof() or pmo.today()

-- The RAG the numbers earn: the worse of CPI and SPI against the usual
-- thresholds (green ≥ 0.95, amber ≥ 0.85, red below). Change them here.
local GREEN, AMBER = 0.95, 0.85
local function rag_of(index)
  if index == nil then return nil end
  if index >= GREEN then return "green" elseif index >= AMBER then return "amber" else return "red" end
end
local rank = { green = 1, amber = 2, red = 3 }
local function worse(a, b)
  if a == nil then return b elseif b == nil then return a end
  return rank[a] >= rank[b] and a or b
end
local function earned_rag(p)
  local e = p:evm()
  return worse(rag_of(e.cpi), rag_of(e.spi))
end

local active = { initiation = true, planning = true, execution = true, closing = true }

print(string.format("Portfolio health as of %s", on))
print()
print(string.format("%-12s %6s %15s %15s %6s %6s %14s %14s", "portfolio", "active",
  "reported G/A/R", "earned G/A/R", "CPI", "SPI", "BAC", "EAC"))

local false_greens = {}
for _, portfolio in ipairs(pmo.portfolios():sort_by("id")) do
  if not only or only == portfolio.id or only == portfolio.name then
    local projects = portfolio:projects(function(p) return active[p.phase] end)
    local reported, earned = { green = 0, amber = 0, red = 0 }, { green = 0, amber = 0, red = 0 }
    local bac, eac, pv, ev, ac = 0, 0, 0, 0, 0
    for _, p in ipairs(projects) do
      local status = p:latest_status()
      local said = status and status.overall
      local numbers = earned_rag(p)
      if said then reported[said] = reported[said] + 1 end
      if numbers then earned[numbers] = earned[numbers] + 1 end
      if said == "green" and numbers == "red" then false_greens[#false_greens + 1] = p end
      local e = p:evm()
      bac = bac + (e.bac or p.bac or 0)
      eac = eac + (e.eac or e.bac or p.bac or 0)
      pv, ev, ac = pv + (e.pv or 0), ev + (e.ev or 0), ac + (e.ac or 0)
    end
    -- Portfolio indices from the summed values (not an average of ratios,
    -- which would weigh a small project like a large one).
    local cpi, spi = evm.cpi(ev, ac), evm.spi(ev, pv)
    print(string.format("%-12s %6d %15s %15s %6s %6s %14.0f %14.0f", portfolio.id, #projects,
      string.format("%d/%d/%d", reported.green, reported.amber, reported.red),
      string.format("%d/%d/%d", earned.green, earned.amber, earned.red),
      cpi and string.format("%.2f", cpi) or "-", spi and string.format("%.2f", spi) or "-", bac, eac))
  end
end

-- Closed projects tell how well the PMO delivers (pmo.delivery needs plain
-- tables of dates and costs).
local closed = {}
for _, p in ipairs(pmo.projects{ phase = "closed" }) do
  local e = p:evm()
  closed[#closed + 1] = { status = "completed", baseline_finish = p.baseline_finish,
    actual_finish = p.actual_finish, budget = p.bac, actual_cost = e.ac }
end
if #closed > 0 then
  local on_time = delivery.on_time_rate(closed)
  local on_budget = delivery.on_budget_rate(closed)
  print()
  print(string.format("Closed projects: %d, on time %s, on budget %s", #closed,
    on_time and string.format("%.0f%%", on_time * 100) or "n/a",
    on_budget and string.format("%.0f%%", on_budget * 100) or "n/a"))
end

print()
if #false_greens == 0 then
  print("No false greens: every project reporting green has the numbers to show for it.")
else
  print(string.format("False greens (reported green, numbers red): %d", #false_greens))
  for _, p in ipairs(false_greens) do
    local e = p:evm()
    print(string.format("  %-8s %-34s CPI %.2f  SPI %.2f  manager %s", p.id, p.name,
      e.cpi or 0, e.spi or 0, p.manager or "?"))
  end
end
