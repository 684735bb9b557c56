DO $$ BEGIN
  IF (SELECT count(*) FROM books) <> 3 THEN RAISE EXCEPTION 'rows lost'; END IF;
  IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'books'::regclass AND NOT convalidated) THEN
    RAISE EXCEPTION 'constraint left NOT VALID';
  END IF;
  BEGIN
    INSERT INTO books VALUES (4, 1, 0, 'Empty');
    RAISE EXCEPTION 'check not enforced';
  EXCEPTION WHEN check_violation THEN NULL;
  END;
  BEGIN
    INSERT INTO books VALUES (4, 99, 10, 'Orphan');
    RAISE EXCEPTION 'foreign key not enforced';
  EXCEPTION WHEN foreign_key_violation THEN NULL;
  END;
  DELETE FROM authors WHERE id = 2;
  IF (SELECT author_id FROM books WHERE id = 2) IS NOT NULL THEN RAISE EXCEPTION 'ON DELETE SET NULL lost'; END IF;
END $$;
