INSERT INTO jobs VALUES (1, 'queued'), (2, 'running'), (3, 'done');
