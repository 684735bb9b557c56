CREATE TABLE settings (id integer PRIMARY KEY, retries varchar(10) NOT NULL DEFAULT '3', label text DEFAULT 'x');
