DELETE FROM memberships;
DO $$ BEGIN IF (SELECT count(*) FROM grants) <> 0 THEN RAISE EXCEPTION 'cascade lost'; END IF; END $$;
