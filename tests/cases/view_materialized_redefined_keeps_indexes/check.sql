DO $$ BEGIN
  IF (SELECT count(*) FROM accounts) <> 3 THEN RAISE EXCEPTION 'rows lost'; END IF;
  IF (SELECT total FROM owner_balances WHERE owner = 'ann') <> 10 THEN RAISE EXCEPTION 'redefined'; END IF;
END $$;
