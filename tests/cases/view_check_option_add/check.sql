DO $$ BEGIN
  IF (SELECT count(*) FROM tasks) <> 2 THEN RAISE EXCEPTION 'rows lost'; END IF;
  BEGIN
    INSERT INTO urgent_tasks VALUES (3, 'late', false, 1);
    RAISE EXCEPTION 'check option not enforced';
  EXCEPTION WHEN with_check_option_violation THEN NULL;
  END;
END $$;
