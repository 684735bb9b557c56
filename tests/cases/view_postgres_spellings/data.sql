INSERT INTO accounts (id, code, label, rate, opened, settings, tags) VALUES (1, 'ABC', NULL, 1.5, '2024-03-04', '{"active": true, "currency": "EUR"}', '{vip}');
INSERT INTO postings (id, account_id, amount, units) VALUES (1, 1, 2000, 2), (2, 1, 10, 1);
