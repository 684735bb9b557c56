INSERT INTO visits VALUES (1, '/', 'a'), (2, '/', 'b'), (3, '/about', 'a');
REFRESH MATERIALIZED VIEW page_stats;
