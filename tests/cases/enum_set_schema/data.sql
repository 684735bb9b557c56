INSERT INTO billing.subscriptions VALUES (1, 'pro');
