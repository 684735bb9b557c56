DO $$ BEGIN
  IF (SELECT count(*) FROM accounts) <> 2 OR (SELECT email FROM accounts WHERE id = 2) <> 'b@x' THEN
    RAISE EXCEPTION 'rows lost';
  END IF;
  -- The helper checks are gone: NOT NULL itself holds the rule.
  IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'accounts'::regclass AND contype = 'c') THEN
    RAISE EXCEPTION 'temporary not-null check left behind';
  END IF;
  BEGIN
    INSERT INTO accounts VALUES (3, NULL, NULL, 'l3');
    RAISE EXCEPTION 'email accepts NULL';
  EXCEPTION WHEN not_null_violation THEN NULL;
  END;
END $$;
