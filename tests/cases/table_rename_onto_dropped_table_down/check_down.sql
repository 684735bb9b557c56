DO $$ BEGIN IF (SELECT plan FROM accounts_v2 WHERE id = 7) <> 'pro' THEN RAISE EXCEPTION 'renamed table lost its rows on the way down'; END IF; END $$;
