DO $$ BEGIN
  IF (SELECT name FROM leaderboard LIMIT 1) <> 'ann' THEN RAISE EXCEPTION 'order'; END IF;
  IF (SELECT count(*) FROM monthly) <> 2 THEN RAISE EXCEPTION 'monthly'; END IF;
END $$;
