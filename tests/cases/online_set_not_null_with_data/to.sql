CREATE TABLE accounts (id integer PRIMARY KEY, email text NOT NULL, display_name text, an_extremely_long_column_name_that_fills_most_of_the_limit text NOT NULL);
