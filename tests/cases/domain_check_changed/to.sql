CREATE DOMAIN percent AS integer CONSTRAINT percent_range CHECK (VALUE BETWEEN 0 AND 1000) CONSTRAINT percent_even CHECK (VALUE % 2 = 0);
CREATE TABLE scores (id integer PRIMARY KEY, value percent NOT NULL);
