CREATE TABLE employees (id integer PRIMARY KEY, manager_id integer REFERENCES employees (id), name text NOT NULL);
CREATE RECURSIVE VIEW reports (id, manager_id, depth) AS
  SELECT id, manager_id, 0 FROM employees WHERE manager_id IS NULL
  UNION ALL
  SELECT e.id, e.manager_id, r.depth + 1 FROM employees e JOIN reports r ON e.manager_id = r.id;
CREATE VIEW report_counts AS SELECT depth, count(*) AS n FROM reports GROUP BY depth;
