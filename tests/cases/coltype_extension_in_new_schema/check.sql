DO $$ BEGIN
  IF (SELECT id FROM users WHERE email = 'ANN@example.com'::extensions.citext) <> 1 THEN
    RAISE EXCEPTION 'emails lost or not citext';
  END IF;
END $$;
