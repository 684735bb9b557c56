DO $$ BEGIN IF (SELECT role FROM memberships) <> 'owner' THEN RAISE EXCEPTION 'lost'; END IF; END $$;
