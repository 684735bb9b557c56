INSERT INTO events VALUES (1, 'login', now()), (2, 'login', now() - interval '10 days');
