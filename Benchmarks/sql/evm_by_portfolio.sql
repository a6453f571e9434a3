-- Baseline (issue 11): CPI and SPI of every project averaged per portfolio, computed by the
-- sqlite3 command line in SQL from the same store; prints what evm_by_portfolio.lua prints.
-- The EVM status date of a project is its last project-level period with EV reported; a
-- project counts when it has a BAC and both indices are defined (AC and PV not zero).
-- Usage: sqlite3 -readonly STORE '.read Benchmarks/sql/evm_by_portfolio.sql'
WITH status AS (
  SELECT project_id, max(period_end) AS period_end FROM timephased
  WHERE task_id IS NULL AND ev IS NOT NULL GROUP BY project_id
), indices AS (
  SELECT p.portfolio_id, t.ev / t.ac AS cpi, t.ev / t.pv AS spi
  FROM projects p
  JOIN status s ON s.project_id = p.id
  JOIN timephased t ON t.project_id = s.project_id AND t.period_end = s.period_end AND t.task_id IS NULL
  WHERE p.bac IS NOT NULL AND t.ac IS NOT NULL AND t.ac <> 0 AND t.pv <> 0
)
SELECT printf('%s %d %.6f %.6f', portfolio_id, count(*), avg(cpi), avg(spi))
FROM indices GROUP BY portfolio_id ORDER BY portfolio_id;
