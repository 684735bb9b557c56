DO $$ BEGIN
  IF (SELECT hits FROM page_summary WHERE page = '/') <> 2 THEN RAISE EXCEPTION 'rows of the materialized view lost'; END IF;
END $$;
