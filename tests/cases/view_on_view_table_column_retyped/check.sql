DO $$ BEGIN IF (SELECT total FROM paid_total) <> 107 OR (SELECT biggest FROM payment_stats) <> 250 THEN RAISE EXCEPTION 'wrong'; END IF; END $$;
