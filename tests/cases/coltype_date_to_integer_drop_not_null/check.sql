DO $$ BEGIN
  IF (SELECT count(*) FROM members WHERE email LIKE '%@example.com') <> 2 THEN
    RAISE EXCEPTION 'rows lost';
  END IF;
END $$;
