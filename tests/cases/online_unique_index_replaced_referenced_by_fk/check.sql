DO $$ BEGIN
  IF (SELECT count(*) FROM subscriptions) <> 3 THEN RAISE EXCEPTION 'rows lost'; END IF;
  IF EXISTS (SELECT 1 FROM pg_index WHERE NOT indisvalid) THEN RAISE EXCEPTION 'invalid index left behind'; END IF;
  IF (SELECT pg_get_indexdef('plans_code_key'::regclass)) NOT LIKE '%INCLUDE (retired_at)%' THEN
    RAISE EXCEPTION 'plans_code_key not replaced';
  END IF;
  BEGIN
    INSERT INTO subscriptions VALUES (4, 'gold');
    RAISE EXCEPTION 'foreign key lost';
  EXCEPTION WHEN foreign_key_violation THEN NULL;
  END;
END $$;
