INSERT INTO rooms (name) VALUES ('blue'), ('green');
INSERT INTO batches (label) VALUES ('x'), ('y');
