DELETE FROM tenants_users WHERE user_id = 2;
DO $$ BEGIN IF (SELECT count(*) FROM sessions) <> 0 THEN RAISE EXCEPTION 'cascade lost'; END IF; END $$;
