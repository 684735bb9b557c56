INSERT INTO tenants_users VALUES (1, 1), (1, 2);
INSERT INTO sessions VALUES (1, 1, 2);
