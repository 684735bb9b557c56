DO $$ BEGIN
  IF (SELECT count(*) FROM employees) <> 3 THEN RAISE EXCEPTION 'rows lost'; END IF;
  IF (SELECT sum(n) FROM report_counts) <> 3 THEN RAISE EXCEPTION 'report_counts'; END IF;
END $$;
