INSERT INTO alerts VALUES (1, 'disk full', 'high', '{1,2}'), (2, 'cpu warm', 'low', NULL);
