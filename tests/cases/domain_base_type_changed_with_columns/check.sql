DO $$ BEGIN
  IF (SELECT sum(points) FROM games) <> 75 THEN RAISE EXCEPTION 'points lost'; END IF;
END $$;
