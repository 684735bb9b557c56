REFRESH MATERIALIZED VIEW CONCURRENTLY sales_by_region;
DO $$ BEGIN
  IF (SELECT count(*) FROM sales_by_region) <> 2 THEN RAISE EXCEPTION 'rows'; END IF;
END $$;
