DO $$ BEGIN IF (SELECT plan::text FROM billing.subscriptions) <> 'pro' THEN RAISE EXCEPTION 'lost'; END IF; END $$;
