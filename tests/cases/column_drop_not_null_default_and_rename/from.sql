CREATE TABLE profiles (id integer PRIMARY KEY, nickname varchar(40) NOT NULL DEFAULT '', bio text);
