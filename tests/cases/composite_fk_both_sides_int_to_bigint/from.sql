CREATE TABLE tenants_users (tenant_id integer NOT NULL, user_id integer NOT NULL, PRIMARY KEY (tenant_id, user_id));
CREATE TABLE sessions (id integer PRIMARY KEY, tenant_id integer NOT NULL, user_id integer NOT NULL, FOREIGN KEY (tenant_id, user_id) REFERENCES tenants_users (tenant_id, user_id) ON DELETE CASCADE);
CREATE INDEX sessions_tenant_user_idx ON sessions (tenant_id, user_id);
