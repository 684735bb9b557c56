DO $$ BEGIN IF (SELECT count(*) FROM tickets) <> 2 THEN RAISE EXCEPTION 'rows lost'; END IF; END $$;
