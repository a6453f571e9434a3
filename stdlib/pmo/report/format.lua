--- The report renderers' cell formats: the one format module, `pmo.format`,
-- under the name reports have always used.
return require("pmo.format")
