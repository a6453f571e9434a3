--- Inline SVG charts for the HTML report.
--
-- `svg.render(chart, id)` draws the normalised data of pmo.report.chart as one
-- `<svg>` element: axes with ticks, labels, a legend, and a `<title>` on every
-- mark for the tooltip. Nothing is fetched: no fonts, no scripts, no links.
--
-- Colour never carries meaning alone: RAG marks also differ in shape (circle,
-- triangle, square) and fill pattern (plain, dots, hatching) and carry their
-- word in the tooltip; series differ in dash as well as hue (Okabe-Ito
-- palette, readable with the common colour-vision deficiencies).
--
-- Coordinates are printed with one decimal, so output is stable byte for byte.
local date = require("pmo.date")
local fmt = require("pmo.format")

local M = {}

--- Text safe in SVG/HTML character data and attribute values. Control
-- characters, which XML forbids (an SVG holding one would not display), become
-- U+FFFD, the replacement character.
function M.escape(s)
  s = tostring(s):gsub("[&<>\"']", { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;",
    ['"'] = "&quot;", ["'"] = "&#39;" })
  return (s:gsub("[%z\1-\8\11\12\14-\31\127]", "\u{FFFD}"))
end
local esc = M.escape

-- Okabe & Ito (2008), "Color Universal Design": distinguishable by most readers.
M.PALETTE = { "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000" }
M.DASHES = { "", "6 3", "2 3", "8 3 2 3" }
M.RAG_FILL = { green = "#7fbf7b", amber = "#f6c85f", red = "#e0605e" }
M.RAG_INK = { green = "#1b5e20", amber = "#6b4500", red = "#7f1010" }

local function n1(v) return string.format("%.1f", v):gsub("%.0$", "") end

-- An element with attributes given in order (a list of name, value pairs), so
-- the output does not depend on table iteration order.
local function el(name, attrs, body)
  local parts = { "<" .. name }
  for i = 1, #attrs, 2 do
    local v = attrs[i + 1]
    if v ~= nil then
      if type(v) == "number" then v = n1(v) end
      parts[#parts + 1] = string.format(' %s="%s"', attrs[i], esc(v))
    end
  end
  if body == nil then return table.concat(parts) .. "/>" end
  return table.concat(parts) .. ">" .. body .. "</" .. name .. ">"
end

local function tip(text) return "<title>" .. esc(text) .. "</title>" end

local function text(x, y, s, attrs)
  local a = { "x", x, "y", y }
  for _, v in ipairs(attrs or {}) do a[#a + 1] = v end
  return el("text", a, esc(s))
end

-- The pattern fills of the RAG ratings, for one chart (ids carry its prefix).
local function rag_defs(id)
  return "<defs>"
    .. el("pattern", { "id", id .. "-amber", "width", 6, "height", 6, "patternUnits", "userSpaceOnUse" },
      el("rect", { "width", 6, "height", 6, "fill", M.RAG_FILL.amber })
      .. el("circle", { "cx", 3, "cy", 3, "r", 1.1, "fill", M.RAG_INK.amber, "fill-opacity", "0.45" }))
    .. el("pattern", { "id", id .. "-red", "width", 6, "height", 6, "patternUnits", "userSpaceOnUse",
      "patternTransform", "rotate(45)" },
      el("rect", { "width", 6, "height", 6, "fill", M.RAG_FILL.red })
      .. el("line", { "x1", 0, "y1", 0, "x2", 0, "y2", 6, "stroke", M.RAG_INK.red, "stroke-width", 1.6, "stroke-opacity", "0.45" }))
    .. "</defs>"
end

local function rag_fill(id, k)
  if k == "green" then return M.RAG_FILL.green end
  if k then return "url(#" .. id .. "-" .. k .. ")" end
  return "#eeeeee"
end

-- A RAG marker centred on x, y: circle (green), triangle (amber), square (red).
local function rag_marker(x, y, r, k, tooltip)
  local ink, fill = M.RAG_INK[k] or "#555", M.RAG_FILL[k] or "#ccc"
  local body = tooltip and tip(tooltip) or nil
  if k == "amber" then
    return el("path", { "d", string.format("M%s %sL%s %sL%s %sZ", n1(x), n1(y - r * 1.2), n1(x + r * 1.1),
      n1(y + r * 0.8), n1(x - r * 1.1), n1(y + r * 0.8)), "fill", fill, "stroke", ink }, body)
  elseif k == "red" then
    return el("rect", { "x", x - r * 0.9, "y", y - r * 0.9, "width", r * 1.8, "height", r * 1.8, "fill", fill, "stroke", ink }, body)
  end
  return el("circle", { "cx", x, "cy", y, "r", r, "fill", fill, "stroke", ink }, body)
end

-- The legend of the RAG ratings: marker, glyph and word.
local function rag_legend(x, y)
  local out, cx = {}, x
  for _, k in ipairs({ "green", "amber", "red" }) do
    out[#out + 1] = rag_marker(cx + 6, y - 4, 5, k)
    out[#out + 1] = text(cx + 16, y, fmt.RAG[k].glyph .. " " .. fmt.RAG[k].label, { "class", "legend" })
    cx = cx + 80
  end
  return table.concat(out)
end

-- A legend of series: a short line (with its dash) or a swatch, and the name.
local function series_legend(x, y, series, lines)
  local out, cx = {}, x
  for s, ser in ipairs(series) do
    local colour = ser.colour or M.PALETTE[(s - 1) % #M.PALETTE + 1]
    if lines then
      out[#out + 1] = el("line", { "x1", cx, "y1", y - 4, "x2", cx + 22, "y2", y - 4, "stroke", colour,
        "stroke-width", 2.5, "stroke-dasharray", ser.dash or M.DASHES[(s - 1) % #M.DASHES + 1] })
    else
      out[#out + 1] = el("rect", { "x", cx, "y", y - 10, "width", 12, "height", 12, "fill", ser.fill or colour,
        "stroke", colour })
    end
    out[#out + 1] = text(cx + (lines and 27 or 16), y, ser.name, { "class", "legend" })
    cx = cx + (lines and 32 or 20) + 7 * #ser.name + 14
  end
  return table.concat(out)
end

--- "Nice" axis ticks covering [lo, hi]: steps of 1, 2 or 5 times a power of ten.
function M.ticks(lo, hi, count)
  if lo == hi then hi = lo + 1 end
  local raw = (hi - lo) / (count or 5)
  local mag = 10 ^ math.floor(math.log(raw, 10))
  local step = mag
  for _, m in ipairs({ 1, 2, 5, 10 }) do
    if raw <= m * mag then step = m * mag; break end
  end
  local first, out = math.floor(lo / step) * step, {}
  for i = 0, 100 do
    local v = first + i * step
    if v > hi + step * 1e-9 then
      out[#out + 1] = v
      break
    end
    out[#out + 1] = v
    if v >= hi - step * 1e-9 then break end
  end
  return out, step
end

-- The <svg> element with its accessible name (the <title> first, as screen readers expect).
local function wrap(id, w, h, title, body, class)
  local attrs = { "xmlns", "http://www.w3.org/2000/svg", "viewBox", "0 0 " .. n1(w) .. " " .. n1(h),
    "width", w, "height", h, "role", "img", "aria-labelledby", id .. "-t", "class", class or "chart" }
  return el("svg", attrs, "\n" .. el("title", { "id", id .. "-t" }, esc(title)) .. "\n" .. body .. "\n")
end

-- A vertical value axis: grid lines and labels from y0 (bottom) to y1 (top).
local function y_axis(x0, x1, y0, y1, lo, hi, f)
  local ticks = M.ticks(lo, hi, 5)
  local tlo, thi = ticks[1], ticks[#ticks]
  local function y(v) return y0 - (v - tlo) / (thi - tlo) * (y0 - y1) end
  local out = {}
  for _, v in ipairs(ticks) do
    local yy = y(v)
    out[#out + 1] = el("line", { "x1", x0, "y1", yy, "x2", x1, "y2", yy, "class", v == 0 and "zero" or "grid" })
    -- Ratios and percents keep their format; other figures read short (1.2M, 45k, 2.5).
    local label = (f == "ratio" or f == "percent") and fmt.value(v, f) or fmt.compact(v)
    out[#out + 1] = text(x0 - 6, yy + 4, label, { "class", "tick", "text-anchor", "end" })
  end
  out[#out + 1] = el("line", { "x1", x0, "y1", y0, "x2", x0, "y2", y1, "class", "axis" })
  return table.concat(out, "\n"), y, tlo, thi
end

local function extent(series, extra)
  local lo, hi
  for _, ser in ipairs(series) do
    for i = 1, ser.values.n or #ser.values do
      local v = ser.values[i]
      if type(v) == "number" and v == v then
        if not lo or v < lo then lo = v end
        if not hi or v > hi then hi = v end
      end
    end
  end
  for _, v in ipairs(extra or {}) do
    if not lo or v < lo then lo = v end
    if not hi or v > hi then hi = v end
  end
  return lo or 0, hi or 1
end

-- ---------------------------------------------------------------------------
-- The charts.

local W = 760

function M.bar(c, id)
  local n = #c.categories
  local rotate = n > 8
  local left, right, top = 80, 20, 30
  local bottom = rotate and 90 or 50
  local h = 320
  local lo, hi = extent(c.series)
  lo = math.min(lo, 0)
  local out = { c.rag and rag_defs(id) or "" }
  local axis, y = y_axis(left, W - right, h - bottom, top, lo, hi, c.format)
  out[#out + 1] = axis
  local band = (W - left - right) / math.max(n, 1)
  local ns = #c.series
  local bw = math.min(40, band * 0.8 / ns)
  for i, cat in ipairs(c.categories) do
    local cx = left + band * (i - 0.5)
    for s, ser in ipairs(c.series) do
      local v = ser.values[i]
      if v then
        local x = cx - bw * ns / 2 + bw * (s - 1)
        local y0, yv = y(0), y(v)
        local k = c.rag and c.rag[i]
        local fill = c.rag and rag_fill(id, k) or M.PALETTE[(s - 1) % #M.PALETTE + 1]
        local label = string.format("%s — %s: %s%s", cat, ser.name, fmt.value(v, c.format or "number"),
          k and (" (" .. fmt.RAG[k].label .. ")") or "")
        out[#out + 1] = el("rect", { "x", x, "y", math.min(y0, yv), "width", bw - 2, "height", math.abs(y0 - yv),
          "fill", fill, "stroke", c.rag and (M.RAG_INK[k] or "#555") or "none" }, tip(label))
        if k then out[#out + 1] = text(x + bw / 2 - 1, math.min(y0, yv) - 4, fmt.RAG[k].glyph,
          { "class", "glyph", "text-anchor", "middle", "fill", M.RAG_INK[k] }) end
      end
    end
    local ly = h - bottom + 16
    if rotate then
      out[#out + 1] = text(cx, ly, cat, { "class", "tick", "text-anchor", "end",
        "transform", string.format("rotate(-40 %s %s)", n1(cx), n1(ly)) })
    else
      out[#out + 1] = text(cx, ly, cat, { "class", "tick", "text-anchor", "middle" })
    end
  end
  if ns > 1 then out[#out + 1] = series_legend(left, h - 8, c.series, false)
  elseif c.rag then out[#out + 1] = rag_legend(left, h - 8) end
  return wrap(id, W, h, c.title or "Bar chart", table.concat(out, "\n"))
end

-- x positions of dates (ISO text) or numbers, and the time-axis ticks.
local function x_scale(xs, x0, x1)
  local dates = type(xs[1]) == "string"
  local vals = {}
  for i, v in ipairs(xs) do vals[i] = dates and date.day(v) or v end
  local lo, hi = vals[1] or 0, vals[#vals] or 1
  for _, v in ipairs(vals) do lo, hi = math.min(lo, v), math.max(hi, v) end
  if lo == hi then lo, hi = lo - 1, hi + 1 end
  local function x(v)
    if type(v) == "string" then v = date.day(v) end
    return x0 + (v - lo) / (hi - lo) * (x1 - x0)
  end
  local ticks = {}
  if dates then
    -- Month starts, thinned to at most about ten labels.
    local y1, m1 = date.to_civil(lo)
    local months = {}
    local y, m = y1, m1
    while true do
      local d = date.from_civil(y, m, 1)
      if d > hi then break end
      if d >= lo then months[#months + 1] = { d, string.format("%04d-%02d", y, m) } end
      m = m + 1
      if m > 12 then m, y = 1, y + 1 end
    end
    local every = math.max(1, math.ceil(#months / 10))
    for i = 1, #months, every do ticks[#ticks + 1] = months[i] end
  else
    for _, v in ipairs(M.ticks(lo, hi, 6)) do
      if v >= lo and v <= hi then ticks[#ticks + 1] = { v, fmt.value(v, "number") } end
    end
  end
  return x, vals, ticks, lo, hi
end

local function x_axis(x, ticks, y0, y1)
  local out = { el("line", { "x1", x(ticks.lo), "y1", y0, "x2", x(ticks.hi), "y2", y0, "class", "axis" }) }
  for _, t in ipairs(ticks) do
    local xx = x(t[1])
    out[#out + 1] = el("line", { "x1", xx, "y1", y0, "x2", xx, "y2", y0 + 4, "class", "axis" })
    out[#out + 1] = text(xx, y0 + 17, t[2], { "class", "tick", "text-anchor", "middle" })
    if y1 then out[#out + 1] = el("line", { "x1", xx, "y1", y0, "x2", xx, "y2", y1, "class", "grid" }) end
  end
  return table.concat(out, "\n")
end

-- Line charts and S-curves share this: series over x, optional markers.
local function lines(c, id, opts)
  local left, right, top, bottom, h = 80, 30, 30, 60, 340
  local extra = {}
  local t = c.thresholds
  if t then extra[#extra + 1] = t.green; extra[#extra + 1] = t.amber end
  if c.bac then extra[#extra + 1] = c.bac end
  local lo, hi = extent(c.series, extra)
  if opts.from_zero then lo = math.min(lo, 0) end
  local out = { "" }
  local axis, y = y_axis(left, W - right, h - bottom, top, lo, hi, opts.format)
  out[#out + 1] = axis
  local x, vals, ticks, xlo, xhi = x_scale(c.x, left, W - right)
  ticks.lo, ticks.hi = xlo, xhi
  out[#out + 1] = x_axis(x, ticks, h - bottom)
  if t then
    for _, band in ipairs({ { "green", t.green }, { "amber", t.amber } }) do
      local yy = y(band[2])
      out[#out + 1] = el("line", { "x1", left, "y1", yy, "x2", W - right, "y2", yy, "stroke", M.RAG_INK[band[1]],
        "stroke-dasharray", "4 4", "stroke-width", 1 }, tip(fmt.RAG[band[1]].label .. " threshold: " .. fmt.value(band[2], opts.format)))
      out[#out + 1] = text(W - right - 4, yy - 4, fmt.RAG[band[1]].glyph .. " " .. fmt.RAG[band[1]].label
        .. " " .. fmt.value(band[2], opts.format), { "class", "tick", "text-anchor", "end", "fill", M.RAG_INK[band[1]] })
    end
  end
  if c.bac then
    local yy = y(c.bac)
    out[#out + 1] = el("line", { "x1", left, "y1", yy, "x2", W - right, "y2", yy, "class", "ref" }, tip("BAC " .. fmt.value(c.bac, "money")))
    out[#out + 1] = text(left + 4, yy - 5, "BAC " .. fmt.value(c.bac, "money", { compact = true }), { "class", "tick" })
  end
  if c.status_date then
    local xx = x(c.status_date)
    out[#out + 1] = el("line", { "x1", xx, "y1", top, "x2", xx, "y2", h - bottom, "class", "ref" }, tip("status date " .. c.status_date))
    -- Near the right edge the label goes to the left of the line, so it is not cut off.
    local at_right = xx > left + (W - right - left) * 0.7
    out[#out + 1] = text(at_right and xx - 4 or xx + 4, top + 10, "status date " .. c.status_date,
      { "class", "tick", "text-anchor", at_right and "end" or "start" })
  end
  local legend = {}   -- the chart data stays untouched: other formats render it too
  for s, ser in ipairs(c.series) do
    local colour = opts.colours and opts.colours[s] or M.PALETTE[(s - 1) % #M.PALETTE + 1]
    local dash = opts.dashes and opts.dashes[s] or M.DASHES[(s - 1) % #M.DASHES + 1]
    legend[s] = { name = ser.name, colour = colour, dash = dash }
    -- A gap (nil) breaks the line into runs.
    local d, pen = {}, false
    for i = 1, #vals do
      local v = ser.values[i]
      if v then
        d[#d + 1] = (pen and "L" or "M") .. n1(x(vals[i])) .. " " .. n1(y(v))
        pen = true
      else
        pen = false
      end
    end
    out[#out + 1] = el("path", { "d", table.concat(d), "fill", "none", "stroke", colour, "stroke-width", 2.5,
      "stroke-dasharray", dash ~= "" and dash or nil }, tip(ser.name))
    for i = 1, #vals do
      local v = ser.values[i]
      if v then
        local label = string.format("%s %s: %s", ser.name, tostring(c.x[i]), fmt.value(v, opts.format))
        local k = c.rag and c.rag[i]
        if k then
          out[#out + 1] = rag_marker(x(vals[i]), y(v), 5, k, label .. " (" .. fmt.RAG[k].label .. ")")
        else
          out[#out + 1] = el("circle", { "cx", x(vals[i]), "cy", y(v), "r", 3, "fill", colour }, tip(label))
        end
      end
    end
  end
  out[#out + 1] = series_legend(left, h - 12, legend, true)
  if c.rag then out[#out + 1] = rag_legend(W - 260, h - 12) end
  return wrap(id, W, h, c.title or "Line chart", table.concat(out, "\n"))
end

function M.line(c, id)
  return lines(c, id, { format = c.format or "number" })
end

function M.scurve(c, id)
  -- PV dashed blue, EV solid green, AC dotted vermillion: three cues, not only hue.
  return lines(c, id, { format = c.format or "money", from_zero = true,
    colours = { "#0072B2", "#009E73", "#D55E00" }, dashes = { "7 4", "", "2 3" } })
end

function M.heatmap(c, id)
  -- Room above the grid for the slanted column labels, by the longest one.
  local longest = 0
  for _, col in ipairs(c.columns) do longest = math.max(longest, utf8.len(col.label) or #col.label) end
  local left, top = 110, 24 + math.min(140, longest * 4.2)
  local cw = math.max(48, math.min(110, (W - left - 20) / math.max(#c.columns, 1)))
  local ch = 24
  local h = top + ch * #c.rows + 40
  local out = { rag_defs(id) }
  for j, col in ipairs(c.columns) do
    local cx = left + cw * (j - 0.5)
    out[#out + 1] = text(cx, top - 8, col.label, { "class", "tick", "text-anchor", "start",
      "transform", string.format("rotate(-35 %s %s)", n1(cx), n1(top - 8)) })
  end
  for i, row in ipairs(c.rows) do
    local y = top + ch * (i - 1)
    out[#out + 1] = text(left - 8, y + ch / 2 + 4, row, { "class", "tick", "text-anchor", "end" })
    for j, col in ipairs(c.columns) do
      local cellv = c.cells[i][j] or {}
      local k = cellv.rag
      local label = string.format("%s — %s: %s%s", row, col.label, cellv.text or "no value",
        k and (" (" .. fmt.RAG[k].label .. ")") or "")
      out[#out + 1] = el("rect", { "x", left + cw * (j - 1), "y", y, "width", cw - 2, "height", ch - 2,
        "fill", rag_fill(id, k), "stroke", "#fff" }, tip(label))
      local glyph = k and fmt.RAG[k].glyph or "–"
      out[#out + 1] = text(left + cw * (j - 0.5) - 1, y + ch / 2 + 3,
        glyph .. (cellv.text and cellv.text ~= "—" and (" " .. cellv.text) or ""),
        { "class", "cell", "text-anchor", "middle", "fill", M.RAG_INK[k] or "#555" })
    end
  end
  out[#out + 1] = rag_legend(left, h - 12)
  return wrap(id, W, h, c.title or "RAG heat map", table.concat(out, "\n"))
end

-- Risk severity by score = probability score x impact score.
local SEVERITY = {
  { max = 4, label = "Low", fill = "#bfe3c0", ink = "#1b5e20", pattern = nil },
  { max = 9, label = "Medium", fill = "#f6e39a", ink = "#5c4a00", pattern = "dots" },
  { max = 14, label = "High", fill = "#f5b26b", ink = "#6b3300", pattern = "dots" },
  { max = 25, label = "Critical", fill = "#e0605e", ink = "#6d0d0d", pattern = "hatch" },
}
local function severity(score)
  for _, s in ipairs(SEVERITY) do if score <= s.max then return s end end
  return SEVERITY[#SEVERITY]
end

function M.risk_matrix(c, id)
  local left, top, size = 120, 30, 84
  local h = top + size * 5 + 90
  local out = { "<defs>" .. el("pattern", { "id", id .. "-hatch", "width", 7, "height", 7,
    "patternUnits", "userSpaceOnUse", "patternTransform", "rotate(45)" },
    el("line", { "x1", 0, "y1", 0, "x2", 0, "y2", 7, "stroke", "#000", "stroke-width", 1.5, "stroke-opacity", "0.18" }))
    .. el("pattern", { "id", id .. "-dots", "width", 7, "height", 7, "patternUnits", "userSpaceOnUse" },
      el("circle", { "cx", 3.5, "cy", 3.5, "r", 1, "fill", "#000", "fill-opacity", "0.15" })) .. "</defs>" }
  local PROB = { "Rare", "Unlikely", "Possible", "Likely", "Almost certain" }
  local IMPACT = { "Minimal", "Minor", "Moderate", "Major", "Severe" }
  for p = 1, 5 do
    local y = top + size * (5 - p)
    out[#out + 1] = text(left - 8, y + size / 2 + 4, p .. " " .. PROB[p], { "class", "tick", "text-anchor", "end" })
    for i = 1, 5 do
      local x = left + size * (i - 1)
      local cellv = c.grid[p][i]
      local sev = severity(p * i)
      local ids = cellv.ids
      local shown = {}
      for k = 1, math.min(#ids, 12) do shown[k] = ids[k] end
      local label = string.format("probability %d (%s) × impact %d (%s): %s risk, %d open%s%s", p, PROB[p], i, IMPACT[i],
        sev.label, cellv.count, #ids > 0 and ": " or "", table.concat(shown, ", ") .. (#ids > 12 and ", …" or ""))
      out[#out + 1] = el("rect", { "x", x, "y", y, "width", size - 2, "height", size - 2, "fill", sev.fill }, tip(label))
      if sev.pattern then
        out[#out + 1] = el("rect", { "x", x, "y", y, "width", size - 2, "height", size - 2,
          "fill", "url(#" .. id .. "-" .. sev.pattern .. ")", "pointer-events", "none" })
      end
      if cellv.count > 0 then
        out[#out + 1] = text(x + size / 2 - 1, y + size / 2 + 8, tostring(cellv.count),
          { "class", "count", "text-anchor", "middle", "fill", sev.ink })
      end
    end
  end
  for i = 1, 5 do
    out[#out + 1] = text(left + size * (i - 0.5), top + size * 5 + 16, i .. " " .. IMPACT[i], { "class", "tick", "text-anchor", "middle" })
  end
  out[#out + 1] = text(left + size * 2.5, top + size * 5 + 36, "Impact →", { "class", "axis-title", "text-anchor", "middle" })
  out[#out + 1] = text(18, top + size * 2.5, "Probability →", { "class", "axis-title", "text-anchor", "middle",
    "transform", string.format("rotate(-90 18 %s)", n1(top + size * 2.5)) })
  -- Severity legend: swatch with its pattern, and the word.
  local lx = left + size * 5 + 24
  for k, s in ipairs(SEVERITY) do
    local ly = top + 10 + (k - 1) * 26
    out[#out + 1] = el("rect", { "x", lx, "y", ly, "width", 16, "height", 16, "fill", s.fill })
    if s.pattern then out[#out + 1] = el("rect", { "x", lx, "y", ly, "width", 16, "height", 16, "fill", "url(#" .. id .. "-" .. s.pattern .. ")" }) end
    out[#out + 1] = text(lx + 22, ly + 12, s.label, { "class", "legend" })
  end
  local note = string.format("%d open risks placed", c.placed)
  if #c.unscored > 0 then note = note .. string.format("; %d without scores", #c.unscored) end
  out[#out + 1] = text(lx, top + 10 + 4 * 26 + 14, note, { "class", "tick" })
  return wrap(id, W, h, c.title or "Risk probability × impact", table.concat(out, "\n"))
end

function M.capacity(c, id)
  local left, right, top = 140, 170, 40
  local row = 40
  local h = top + row * #c.roles + 60
  local max = 0
  for i = 1, #c.roles do max = math.max(max, c.capacity[i], c.demand[i]) end
  local ticks = M.ticks(0, max > 0 and max or 1, 5)
  local top_tick = ticks[#ticks]
  local function x(v) return left + v / top_tick * (W - left - right) end
  local out = { "<defs>" .. el("pattern", { "id", id .. "-cap", "width", 6, "height", 6, "patternUnits", "userSpaceOnUse",
    "patternTransform", "rotate(45)" }, el("rect", { "width", 6, "height", 6, "fill", "#d6e9f5" })
    .. el("line", { "x1", 0, "y1", 0, "x2", 0, "y2", 6, "stroke", "#0072B2", "stroke-width", 1.2, "stroke-opacity", "0.5" })) .. "</defs>" }
  local y0 = top + row * #c.roles
  for _, v in ipairs(ticks) do
    out[#out + 1] = el("line", { "x1", x(v), "y1", top - 6, "x2", x(v), "y2", y0, "class", "grid" })
    out[#out + 1] = text(x(v), y0 + 16, fmt.compact(v), { "class", "tick", "text-anchor", "middle" })
  end
  out[#out + 1] = text(x(top_tick / 2), y0 + 34, c.unit, { "class", "axis-title", "text-anchor", "middle" })
  for i, role in ipairs(c.roles) do
    local y = top + row * (i - 1)
    local cap, dem = c.capacity[i], c.demand[i]
    local balance = cap - dem
    out[#out + 1] = text(left - 8, y + row / 2 + 2, role, { "class", "tick", "text-anchor", "end" })
    out[#out + 1] = el("rect", { "x", left, "y", y + 6, "width", x(cap) - left, "height", 12, "fill", "url(#" .. id .. "-cap)",
      "stroke", "#0072B2" }, tip(string.format("%s capacity: %s %s", role, fmt.value(cap, "integer"), c.unit)))
    out[#out + 1] = el("rect", { "x", left, "y", y + 20, "width", x(dem) - left, "height", 12,
      "fill", balance < 0 and "#D55E00" or "#E69F00" }, tip(string.format("%s demand: %s %s", role, fmt.value(dem, "integer"), c.unit)))
    local word = balance < 0 and ("▼ short " .. fmt.value(-balance, "integer")) or ("▲ spare " .. fmt.value(balance, "integer"))
    out[#out + 1] = text(W - right + 10, y + row / 2 + 2, word .. " " .. c.unit,
      { "class", balance < 0 and "short" or "spare" })
  end
  out[#out + 1] = series_legend(left, top - 14, {
    { name = "capacity", fill = "url(#" .. id .. "-cap)", colour = "#0072B2" },
    { name = "demand (within capacity)", colour = "#E69F00" },
    { name = "demand (over capacity)", colour = "#D55E00" } }, false)
  return wrap(id, W, h, c.title or "Capacity vs demand", table.concat(out, "\n"))
end

function M.timeline(c, id)
  local lanes, lane_index = {}, {}
  local days = {}
  for _, m in ipairs(c.items) do
    if not lane_index[m.lane] then lanes[#lanes + 1] = m.lane; lane_index[m.lane] = #lanes end
    for _, d in ipairs({ m.baseline, m.forecast, m.actual }) do days[#days + 1] = d end
  end
  if c.status_date then days[#days + 1] = c.status_date end
  table.sort(days)
  local left, right, top, lane_h = 110, 20, 40, 30
  local h = top + lane_h * math.max(#lanes, 1) + 60
  local out = {}
  if #days == 0 then
    out[1] = text(left, top + 20, "no milestones", { "class", "tick" })
    return wrap(id, W, h, c.title or "Milestones", table.concat(out))
  end
  local x, _, ticks, lo, hi = x_scale({ days[1], days[#days] }, left, W - right)
  ticks.lo, ticks.hi = lo, hi
  local y_end = top + lane_h * #lanes
  out[#out + 1] = x_axis(x, ticks, y_end, top - 10)
  for i, lane in ipairs(lanes) do
    local y = top + lane_h * (i - 0.5)
    out[#out + 1] = el("line", { "x1", left, "y1", y, "x2", W - right, "y2", y, "class", "lane" })
    out[#out + 1] = text(left - 8, y + 4, lane, { "class", "tick", "text-anchor", "end" })
  end
  if c.status_date then
    local xx = x(c.status_date)
    out[#out + 1] = el("line", { "x1", xx, "y1", top - 10, "x2", xx, "y2", y_end, "class", "ref" }, tip("status date " .. c.status_date))
    local at_right = xx > left + (W - right - left) * 0.7
    out[#out + 1] = text(at_right and xx - 4 or xx + 4, top - 14, "status date " .. c.status_date,
      { "class", "tick", "text-anchor", at_right and "end" or "start" })
  end
  local function diamond(cx, cy, r, attrs, body)
    local a = { "d", string.format("M%s %sL%s %sL%s %sL%s %sZ", n1(cx), n1(cy - r), n1(cx + r), n1(cy), n1(cx), n1(cy + r), n1(cx - r), n1(cy)) }
    for _, v in ipairs(attrs) do a[#a + 1] = v end
    return el("path", a, body)
  end
  for _, m in ipairs(c.items) do
    local y = top + lane_h * (lane_index[m.lane] - 0.5)
    local to = m.actual or m.forecast
    local slip = (m.baseline and to) and (date.day(to) - date.day(m.baseline)) or 0
    local label = string.format("%s — %s: baseline %s, %s %s%s", m.lane, m.label, m.baseline or "none",
      m.actual and "actual" or "forecast", to or "none", slip ~= 0 and string.format(" (%+d days)", slip) or "")
    if m.baseline and to and slip ~= 0 then
      out[#out + 1] = el("line", { "x1", x(m.baseline), "y1", y, "x2", x(to), "y2", y, "stroke", slip > 0 and "#D55E00" or "#009E73",
        "stroke-width", 3 })
    end
    if m.baseline then
      out[#out + 1] = diamond(x(m.baseline), y, 6, { "fill", "#fff", "stroke", "#555", "stroke-width", 1.5 }, tip(label))
    end
    if m.actual then
      out[#out + 1] = el("circle", { "cx", x(m.actual), "cy", y, "r", 5.5, "fill", "#009E73", "stroke", "#004d38" }, tip(label))
    elseif m.forecast then
      out[#out + 1] = diamond(x(m.forecast), y, 6, { "fill", slip > 0 and "#D55E00" or "#0072B2", "stroke", "#222" }, tip(label))
    end
  end
  local ly = h - 12
  out[#out + 1] = diamond(left + 6, ly - 4, 6, { "fill", "#fff", "stroke", "#555", "stroke-width", 1.5 })
  out[#out + 1] = text(left + 16, ly, "baseline", { "class", "legend" })
  out[#out + 1] = diamond(left + 96, ly - 4, 6, { "fill", "#0072B2", "stroke", "#222" })
  out[#out + 1] = text(left + 106, ly, "forecast on time", { "class", "legend" })
  out[#out + 1] = diamond(left + 236, ly - 4, 6, { "fill", "#D55E00", "stroke", "#222" })
  out[#out + 1] = text(left + 246, ly, "forecast late (line: slip)", { "class", "legend" })
  out[#out + 1] = el("circle", { "cx", left + 436, "cy", ly - 4, "r", 5.5, "fill", "#009E73", "stroke", "#004d38" })
  out[#out + 1] = text(left + 446, ly, "achieved", { "class", "legend" })
  return wrap(id, W, h, c.title or "Milestones", table.concat(out, "\n"))
end

-- ---------------------------------------------------------------------------
-- Gantt chart.

--- Gantt layout: row height, the label column, and the time scale's bounds in pixels per day.
M.GANTT = { row = 20, label = 300, top = 56, bottom = 28, right = 24, min_px_per_day = 2, max_px_per_day = 40,
  width = 1000 }

-- A moment "yyyy-mm-ddThh:mm" (or a date) as a fractional day number.
local function day_at(v)
  if v == nil then return nil end
  local d, hh, mm = v:match("^(%d%d%d%d%-%d%d%-%d%d)T(%d%d):(%d%d)$")
  if d then return date.day(d) + (tonumber(hh) * 60 + tonumber(mm)) / 1440 end
  return date.day(v)
end

-- A name cut to `chars` characters (UTF-8), with an ellipsis when cut.
local function cut(s, chars)
  local len = utf8.len(s)
  if not len or len <= chars then return s end
  return s:sub(1, utf8.offset(s, chars) - 1) .. "…"
end

--- The Gantt chart of a schedule: one row per task in outline order, its bar from early
-- start to early finish (critical tasks hatched and outlined, class `critical`), its baseline
-- as a thin bar under it (class `baseline`), summaries as black brackets (class `summary`),
-- milestones as diamonds (class `milestone`), and the status date as a dashed line at the end
-- of that day (class `status`). The time scale keeps at least `GANTT.min_px_per_day`, so a long
-- plan is wider than the page and the HTML report scrolls it; rows stay 20 px for 200 tasks.
function M.gantt(c, id)
  local G = M.GANTT
  local lo, hi
  local function span(v)
    if v then lo = math.min(lo or v, v); hi = math.max(hi or v, v) end
  end
  local rows = {}
  for i, t in ipairs(c.tasks) do
    local r = { start = day_at(t.start), finish = day_at(t.finish),
      bstart = t.baseline_start and date.day(t.baseline_start), bfinish = t.baseline_finish and (date.day(t.baseline_finish) + 1) }
    span(r.start); span(r.finish); span(r.bstart); span(r.bfinish)
    rows[i] = r
  end
  local status = c.status_date and (date.day(c.status_date) + 1)   -- the end of the status date
  span(status)
  local n = #c.tasks
  local h = G.top + G.row * math.max(n, 1) + G.bottom
  if not lo then
    return wrap(id, G.width, h, c.title or "Gantt chart", text(10, G.top + 14, "no scheduled tasks", { "class", "tick" }),
      "chart gantt")
  end
  lo, hi = math.floor(lo) - 3, math.ceil(hi) + 3
  local ppd = math.max(G.min_px_per_day, math.min(G.max_px_per_day, (G.width - G.label - G.right) / (hi - lo)))
  local w = G.label + (hi - lo) * ppd + G.right
  local function x(v) return G.label + (v - lo) * ppd end
  local y_end = G.top + G.row * n
  local out = { "<defs>" .. el("pattern", { "id", id .. "-crit", "width", 6, "height", 6, "patternUnits", "userSpaceOnUse",
    "patternTransform", "rotate(45)" }, el("rect", { "width", 6, "height", 6, "fill", "#D55E00" })
    .. el("line", { "x1", 0, "y1", 0, "x2", 0, "y2", 6, "stroke", "#7f1010", "stroke-width", 2, "stroke-opacity", "0.55" }))
    .. "</defs>" }
  -- Stripes on every other row, so a row reads across from its name to its bar.
  for i = 2, n, 2 do
    out[#out + 1] = el("rect", { "x", 0, "y", G.top + G.row * (i - 1), "width", w, "height", G.row, "fill", "#f4f6f8" })
  end
  -- The time grid: Mondays when a week is 70 px or wider, else month starts, every month
  -- when a month is 48 px or wider, else every k-th.
  local function tick(d, label)
    out[#out + 1] = el("line", { "x1", x(d), "y1", G.top - 14, "x2", x(d), "y2", y_end, "class", "grid" })
    out[#out + 1] = text(x(d) + 3, G.top - 4, label, { "class", "tick" })
  end
  if ppd * 7 >= 70 then
    for d = lo + (8 - date.weekday(lo)) % 7, hi, 7 do tick(d, date.format(d)) end
  else
    local y1, m1 = date.to_civil(lo)
    local every = math.max(1, math.ceil(48 / (30.4 * ppd)))
    local y, m, k = y1, m1, 0
    while true do
      local d = date.from_civil(y, m, 1)
      if d > hi then break end
      if d >= lo then
        if k % every == 0 then tick(d, string.format("%04d-%02d", y, m)) end
        k = k + 1
      end
      m = m + 1
      if m > 12 then m, y = 1, y + 1 end
    end
  end
  out[#out + 1] = el("line", { "x1", G.label, "y1", G.top, "x2", w - G.right, "y2", G.top, "class", "axis" })
  out[#out + 1] = el("line", { "x1", G.label - 4, "y1", G.top - 14, "x2", G.label - 4, "y2", y_end, "class", "axis" })
  for i, t in ipairs(c.tasks) do
    local r, top = rows[i], G.top + G.row * (i - 1)
    local indent = 8 + 12 * math.min(t.level - 1, 8)
    local label = (t.wbs and (t.wbs .. " ") or "") .. t.name
    local what = t.summary and "summary" or t.milestone and "milestone" or "task"
    local dates = string.format("%s → %s", t.start or "not scheduled", t.finish or "not scheduled")
    local info = string.format("%s (%s): %s%s%s%s", label, what, dates,
      t.baseline_finish and (", baseline " .. (t.baseline_start or "?") .. " → " .. t.baseline_finish) or "",
      t.total_float and (", total float " .. fmt.value(t.total_float, "number") .. " d") or "",
      t.critical and ", critical" or "")
    local chars = math.floor((G.label - indent - 10) / 6.4)
    out[#out + 1] = el("text", { "x", indent, "y", top + 14, "class", t.summary and "tick gantt-summary" or "tick" },
      esc(cut(label, chars)) .. tip(info))
    if r.bstart and r.bfinish then
      out[#out + 1] = el("rect", { "x", x(r.bstart), "y", top + 14, "width", math.max(1, x(r.bfinish) - x(r.bstart)),
        "height", 4, "fill", "#9aa3ad", "class", "baseline" }, tip("baseline: " .. info))
    end
    if r.start and r.finish then
      local x0, x1 = x(r.start), x(r.finish)
      if t.milestone then
        local cy = top + 9
        out[#out + 1] = el("path", { "d", string.format("M%s %sL%s %sL%s %sL%s %sZ", n1(x1), n1(cy - 6), n1(x1 + 6), n1(cy),
          n1(x1), n1(cy + 6), n1(x1 - 6), n1(cy)), "fill", t.critical and "#D55E00" or "#222",
          "stroke", t.critical and "#7f1010" or "#000", "stroke-width", t.critical and 2 or 1,
          "class", t.critical and "milestone critical" or "milestone" }, tip(info))
      elseif t.summary then
        local x2 = math.max(x1, x0 + 1)
        out[#out + 1] = el("path", { "d", string.format("M%s %sH%s V%s L%s %s H%s L%s %s Z", n1(x0), n1(top + 4), n1(x2),
          n1(top + 14), n1(x2 - 5), n1(top + 9), n1(x0 + 5), n1(x0), n1(top + 14)), "fill", "#222",
          "class", t.critical and "summary critical" or "summary" }, tip(info))
      else
        out[#out + 1] = el("rect", { "x", x0, "y", top + 4, "width", math.max(1, x1 - x0), "height", 9,
          "fill", t.critical and ("url(#" .. id .. "-crit)") or "#0072B2", "stroke", t.critical and "#7f1010" or "#004f7c",
          "stroke-width", t.critical and 1.5 or 0.8, "class", t.critical and "bar critical" or "bar" }, tip(info))
      end
    else
      out[#out + 1] = text(G.label + 6, top + 14, "not scheduled", { "class", "tick" })
    end
  end
  if status then
    local xs = x(status)
    out[#out + 1] = el("line", { "x1", xs, "y1", G.top - 14, "x2", xs, "y2", y_end, "stroke", "#333", "stroke-width", 1.5,
      "stroke-dasharray", "5 4", "class", "status" }, tip("status date " .. c.status_date))
    local at_right = xs > w - 160     -- near the right edge the label goes left of the line
    out[#out + 1] = text(at_right and xs - 4 or xs + 4, G.top - 18, "status date " .. c.status_date,
      { "class", "tick", "text-anchor", at_right and "end" or "start" })
  end
  -- The legend: every mark with its word.
  local ly, lx = 16, 8
  local function item(mark, word, width)
    out[#out + 1] = mark
    out[#out + 1] = text(lx + width + 6, ly + 4, word, { "class", "legend" })
    lx = lx + width + 16 + 7 * utf8.len(word)
  end
  item(el("rect", { "x", lx, "y", ly - 4, "width", 22, "height", 9, "fill", "#0072B2" }), "task (early start → finish)", 22)
  item(el("rect", { "x", lx, "y", ly - 4, "width", 22, "height", 9, "fill", "url(#" .. id .. "-crit)", "stroke", "#7f1010",
    "stroke-width", 1.5 }), "critical", 22)
  item(el("rect", { "x", lx, "y", ly - 1, "width", 22, "height", 4, "fill", "#9aa3ad" }), "baseline", 22)
  item(el("path", { "d", string.format("M%s %sH%s V%s L%s %s H%s L%s %s Z", n1(lx), n1(ly - 4), n1(lx + 22), n1(ly + 6),
    n1(lx + 17), n1(ly + 1), n1(lx + 5), n1(lx), n1(ly + 6)), "fill", "#222" }), "summary", 22)
  item(el("path", { "d", string.format("M%s %sL%s %sL%s %sL%s %sZ", n1(lx + 6), n1(ly - 5), n1(lx + 12), n1(ly + 1),
    n1(lx + 6), n1(ly + 7), n1(lx), n1(ly + 1)), "fill", "#222" }), "milestone", 12)
  if status then
    item(el("line", { "x1", lx, "y1", ly + 1, "x2", lx + 22, "y2", ly + 1, "stroke", "#333", "stroke-width", 1.5,
      "stroke-dasharray", "5 4" }), "status date", 22)
  end
  return wrap(id, w, h, c.title or "Gantt chart", table.concat(out, "\n"), "chart gantt")
end

--- The SVG of a normalised chart; `id` prefixes its element ids (unique in the page).
function M.render(c, id)
  local f = M[c.kind]
  if type(f) ~= "function" then error("pmo.report.svg: no chart kind '" .. tostring(c.kind) .. "'", 2) end
  return f(c, id)
end

return M
