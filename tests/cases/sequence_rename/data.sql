SELECT nextval('counter');
SELECT nextval('counter');
