DO $$ BEGIN IF discount(10) <> 8 THEN RAISE EXCEPTION 'old body'; END IF; END $$;
