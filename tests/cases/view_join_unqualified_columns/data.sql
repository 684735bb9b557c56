INSERT INTO shop.products VALUES (1, 'A1', 'Anvil'), (2, 'B2', 'Bell');
INSERT INTO shop.stock VALUES (1, 'north', 3), (2, 'west', 5);
