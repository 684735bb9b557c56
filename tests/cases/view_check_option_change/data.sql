INSERT INTO notes VALUES (1, 'hello', true), (2, 'a rather long note body', false);
