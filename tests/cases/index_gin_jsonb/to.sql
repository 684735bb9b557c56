CREATE TABLE d (id integer PRIMARY KEY, doc jsonb);
CREATE INDEX d_doc_gin ON d USING gin (doc jsonb_path_ops);
