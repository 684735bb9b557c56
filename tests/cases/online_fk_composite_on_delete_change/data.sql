INSERT INTO tenants_projects VALUES (1, 1, 'p1'), (1, 2, 'p2');
INSERT INTO tasks VALUES (1, 1, 1, 't1'), (2, 1, 2, 't2'), (3, 1, NULL, 'loose');
