UPDATE tenants_projects SET project_id = 20 WHERE project_id = 2;
DELETE FROM tenants_projects WHERE project_id = 1;
DO $$ BEGIN IF (SELECT count(*) FROM tasks) <> 2 OR (SELECT project_id FROM tasks WHERE id = 2) <> 20 THEN RAISE EXCEPTION 'wrong'; END IF; END $$;
