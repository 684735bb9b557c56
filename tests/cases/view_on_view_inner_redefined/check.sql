DO $$ BEGIN IF (SELECT n FROM recent_kinds WHERE kind = 'login') <> 2 THEN RAISE EXCEPTION 'wrong'; END IF; END $$;
