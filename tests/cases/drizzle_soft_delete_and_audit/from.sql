CREATE TABLE wealth (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), title varchar(200) NOT NULL);
