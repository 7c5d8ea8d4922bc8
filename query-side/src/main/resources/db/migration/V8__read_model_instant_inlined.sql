-- read_model_instant (V7) was declared IMMUTABLE, and PostgreSQL inlines a SQL function into the statement that calls
-- it only when the expression it stands for is no more volatile than that declaration: timestamptz + interval is
-- STABLE (with days or months in the interval it depends on the time zone; this one adds microseconds only), so it was
-- never inlined. Every call went through the SQL-function executor instead, which parsed and planned its body again
-- each time it was called from PL/pgSQL: 13.7 % of PostgreSQL's CPU under S2 (perf, BENCHMARKS.md, "An instant
-- function that was never inlined"). Declared STABLE it is inlined, in the statements and the PL/pgSQL expressions
-- that use it, and computes the same value (FoldedRunIT: instants of the years 0, -1 and 10000 included).
-- No index or constraint uses it (those would need IMMUTABLE).
ALTER FUNCTION public.read_model_instant(bigint) STABLE;
