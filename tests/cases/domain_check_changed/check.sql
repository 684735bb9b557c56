DO $$ BEGIN IF (SELECT sum(value) FROM scores) <> 100 THEN RAISE EXCEPTION 'data lost'; END IF; END $$;
DO $$ BEGIN BEGIN INSERT INTO scores VALUES (3, 3); RAISE EXCEPTION 'odd accepted'; EXCEPTION WHEN check_violation THEN NULL; END; END $$;
