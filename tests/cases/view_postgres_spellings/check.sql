DO $$ BEGIN
  IF (SELECT count(*) FROM account_overview) <> 2 THEN RAISE EXCEPTION 'account_overview'; END IF;
  IF (SELECT name FROM account_overview LIMIT 1) <> 'ABC' THEN RAISE EXCEPTION 'coalesce'; END IF;
  IF (SELECT sum(twice) FROM series) <> 30 THEN RAISE EXCEPTION 'series'; END IF;
END $$;
