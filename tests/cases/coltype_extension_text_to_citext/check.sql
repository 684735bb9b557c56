DO $$ BEGIN
  IF (SELECT id FROM users WHERE email = 'ann@example.com') <> 1 OR (SELECT count(*) FROM users) <> 2 THEN
    RAISE EXCEPTION 'emails lost or not citext';
  END IF;
END $$;
