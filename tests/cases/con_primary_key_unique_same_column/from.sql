CREATE TABLE tags (id integer PRIMARY KEY UNIQUE, label text UNIQUE, CONSTRAINT tags_label_uq UNIQUE (label));
