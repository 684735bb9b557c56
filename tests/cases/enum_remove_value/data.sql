INSERT INTO t VALUES (1, 'inactive'), (2, 'active');
