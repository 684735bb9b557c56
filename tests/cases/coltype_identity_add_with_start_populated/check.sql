INSERT INTO accounts (owner) VALUES ('eve');
INSERT INTO legacy_accounts (owner) VALUES ('fay');
DO $$ BEGIN
  IF (SELECT id FROM accounts WHERE owner = 'eve') <> 1000 THEN
    RAISE EXCEPTION 'accounts should start at 1000, got %', (SELECT id FROM accounts WHERE owner = 'eve');
  END IF;
  IF (SELECT id FROM legacy_accounts WHERE owner = 'fay') <> 5001 THEN
    RAISE EXCEPTION 'legacy accounts should go past 5000, got %', (SELECT id FROM legacy_accounts WHERE owner = 'fay');
  END IF;
END $$;
