INSERT INTO jobs (id) VALUES (4);
DO $$ BEGIN IF (SELECT string_agg(state::text, ',' ORDER BY id) FROM jobs) <> 'queued,running,done,queued' THEN RAISE EXCEPTION 'wrong'; END IF; END $$;
