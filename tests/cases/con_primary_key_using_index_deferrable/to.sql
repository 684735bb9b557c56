CREATE TABLE slots (position integer NOT NULL, label text);
CREATE UNIQUE INDEX slots_position_idx ON slots (position);
ALTER TABLE slots ADD PRIMARY KEY USING INDEX slots_position_idx DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX slots_label_idx ON slots (label);
ALTER TABLE slots ADD CONSTRAINT slots_label_key UNIQUE (label);
