-- The pmo standard library, laid out as a rule library: the example to copy.
-- `pmo lib test stdlib` runs spec/*_spec.lua, `pmo lib doc stdlib` documents every module
-- and the standard KPIs. Its modules are embedded in the binary; this folder is their source.
return {
  name = "pmo",
  version = "1.0.0",
  summary = "Formulas (EVM, earned schedule, delivery, flow, risk, benefits, resources), the KPI engine, the standard KPIs and reports",
  authors = { "The pmo authors" },
  roots = { "pmo" },
}
