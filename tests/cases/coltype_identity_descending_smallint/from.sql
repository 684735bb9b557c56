CREATE TABLE priorities (id smallint NOT NULL, label text NOT NULL);
