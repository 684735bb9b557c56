INSERT INTO plans VALUES (1, 'free', NULL), (2, 'pro', NULL), (3, 'legacy', '2020-01-01');
INSERT INTO subscriptions VALUES (1, 'free'), (2, 'pro'), (3, 'pro');
