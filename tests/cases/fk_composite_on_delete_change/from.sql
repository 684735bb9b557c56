CREATE TABLE tenants_projects (tenant_id integer NOT NULL, project_id integer NOT NULL, name text, PRIMARY KEY (tenant_id, project_id));
CREATE TABLE tasks (id integer PRIMARY KEY, tenant_id integer NOT NULL, project_id integer, title text,
  CONSTRAINT tasks_project_fk FOREIGN KEY (tenant_id, project_id) REFERENCES tenants_projects (tenant_id, project_id) ON DELETE RESTRICT);
