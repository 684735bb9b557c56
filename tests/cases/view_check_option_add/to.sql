CREATE TABLE tasks (id integer PRIMARY KEY, title text NOT NULL, done boolean NOT NULL DEFAULT false, priority integer NOT NULL DEFAULT 0);
CREATE VIEW open_tasks AS SELECT id, title, done, priority FROM tasks WHERE NOT done WITH LOCAL CHECK OPTION;
CREATE VIEW urgent_tasks AS SELECT id, title, done, priority FROM open_tasks WHERE priority > 5 WITH CHECK OPTION;
