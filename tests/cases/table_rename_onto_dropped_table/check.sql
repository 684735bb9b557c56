DO $$ BEGIN IF (SELECT plan FROM accounts WHERE id = 1) <> 'pro' OR (SELECT account_id FROM logins) <> 1 THEN RAISE EXCEPTION 'wrong'; END IF; END $$;
