INSERT INTO tickets VALUES (1), (2);
