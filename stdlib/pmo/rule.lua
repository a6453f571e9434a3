--- `rule.define{...}`: the same as `kpi.rule{...}` (see pmo.kpi), for scripts
-- that read better with a module of that name.
local kpi = require("pmo.kpi")
return { define = kpi.rule }
