-- Everything here is rolled back at the end (the down plan runs next, and narrows the keys again).
DO $$ BEGIN
  INSERT INTO accounts VALUES (3000000000, 'big');
  INSERT INTO invoices VALUES (12, 3000000000, 1.00);
  IF (SELECT count(*) FROM invoices) <> 3 OR (SELECT account_id FROM notes WHERE id = 20) <> 1 THEN RAISE EXCEPTION 'data lost'; END IF;
  DELETE FROM accounts WHERE id = 2;
  IF EXISTS (SELECT 1 FROM invoices WHERE account_id = 2) THEN RAISE EXCEPTION 'cascade lost'; END IF;
  RAISE EXCEPTION 'rollback' USING ERRCODE = 'P0002';
EXCEPTION WHEN no_data_found THEN NULL; END $$;
