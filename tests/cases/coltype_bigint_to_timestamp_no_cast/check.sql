DO $$ BEGIN
  IF (SELECT string_agg(name, ',' ORDER BY id) FROM events) IS DISTINCT FROM 'signup,login,logout' THEN
    RAISE EXCEPTION 'rows lost in the retype';
  END IF;
  IF EXISTS (SELECT 1 FROM events WHERE happened_at IS NOT NULL) THEN
    RAISE EXCEPTION 'values without a cast should have been discarded';
  END IF;
END $$;
