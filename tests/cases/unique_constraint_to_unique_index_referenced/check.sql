DO $$ BEGIN
  BEGIN INSERT INTO invites VALUES (2, 'nobody@x'); RAISE EXCEPTION 'fk lost'; EXCEPTION WHEN foreign_key_violation THEN NULL; END;
  BEGIN INSERT INTO users VALUES (3, 'a@x'); RAISE EXCEPTION 'unique lost'; EXCEPTION WHEN unique_violation THEN NULL; END;
END $$;
