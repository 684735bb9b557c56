INSERT INTO memberships VALUES (1, 2);
INSERT INTO grants VALUES (1, 1, 2);
