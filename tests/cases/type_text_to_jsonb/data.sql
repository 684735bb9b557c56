INSERT INTO settings VALUES (1, '{"theme":"dark"}'), (2, DEFAULT);
