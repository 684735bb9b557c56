INSERT INTO tickets VALUES (1, 'open', '{open}'), (2, 'closed', '{open,closed}');
