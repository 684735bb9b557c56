INSERT INTO priorities VALUES (-1, 'high'), (-2, 'low');
