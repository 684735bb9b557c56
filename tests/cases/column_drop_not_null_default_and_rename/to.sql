CREATE TABLE profiles (id integer PRIMARY KEY, display_name varchar(80), bio text);
