INSERT INTO tickets (id) VALUES (1), (2);
