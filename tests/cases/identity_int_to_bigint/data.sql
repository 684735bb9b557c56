INSERT INTO events (kind) VALUES ('a'), ('b');
INSERT INTO event_tags VALUES (1, 'x'), (2, 'y');
