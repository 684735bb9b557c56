INSERT INTO tickets (id) VALUES (3);
DO $$ BEGIN IF (SELECT string_agg(state::text, ',' ORDER BY id) FROM tickets) <> 'open,closed,open' OR (SELECT history[2]::text FROM tickets WHERE id = 2) <> 'closed' THEN RAISE EXCEPTION 'wrong'; END IF; END $$;
