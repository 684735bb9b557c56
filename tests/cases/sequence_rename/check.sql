DO $$ BEGIN IF (SELECT last_value FROM billing.ticket_no) <> 8 THEN RAISE EXCEPTION 'position lost'; END IF; END $$;
