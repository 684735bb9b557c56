INSERT INTO authors VALUES (1, 'Le Guin'), (2, 'Lem');
INSERT INTO books VALUES (1, 1, 250, 'Earthsea'), (2, 2, 204, 'Solaris'), (3, NULL, NULL, 'Anonymous');
