UPDATE members SET deleted_at = now() WHERE id = 1;
INSERT INTO members VALUES (3, 'a@x', NULL);
DO $$ BEGIN
  BEGIN INSERT INTO members VALUES (4, 'b@x', NULL); RAISE EXCEPTION 'partial unique lost'; EXCEPTION WHEN unique_violation THEN NULL; END;
END $$;
DELETE FROM members WHERE id >= 3;
