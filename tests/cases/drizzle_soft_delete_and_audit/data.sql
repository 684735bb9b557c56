INSERT INTO wealth (title) VALUES ('bike');
