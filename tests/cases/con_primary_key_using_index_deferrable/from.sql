CREATE TABLE slots (position integer NOT NULL, label text);
