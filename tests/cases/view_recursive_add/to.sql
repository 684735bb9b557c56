CREATE TABLE categories (id integer PRIMARY KEY, parent_id integer REFERENCES categories (id), name text NOT NULL);
CREATE RECURSIVE VIEW category_paths (id, path, depth) AS
  SELECT id, name, 1 FROM categories WHERE parent_id IS NULL
  UNION ALL
  SELECT c.id, p.path || ' / ' || c.name, p.depth + 1 FROM categories c JOIN category_paths p ON c.parent_id = p.id;
CREATE VIEW numbers AS WITH RECURSIVE n(i) AS (VALUES (1) UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT i FROM n;
