INSERT INTO issues (id, title) VALUES ('c0eebc99-9c0b-4ef8-bb6d-6bb9bd380a13', 'typo');
DO $$ BEGIN
  IF (SELECT seq_no FROM issues WHERE title = 'typo') <= 12 THEN
    RAISE EXCEPTION 'identity restarted below existing numbers';
  END IF;
  IF (SELECT seq_no FROM issues WHERE title = 'slow page') <> 12 THEN
    RAISE EXCEPTION 'existing numbers lost';
  END IF;
END $$;
