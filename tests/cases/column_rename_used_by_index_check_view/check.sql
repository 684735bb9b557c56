DO $$ BEGIN
  IF (SELECT email_address FROM active_users WHERE id = 1) IS DISTINCT FROM 'A@x.org' THEN RAISE EXCEPTION 'data lost'; END IF;
  BEGIN INSERT INTO users VALUES (3, 'a@x.org', true); RAISE EXCEPTION 'unique lower index lost';
  EXCEPTION WHEN unique_violation THEN NULL; END;
END $$;
