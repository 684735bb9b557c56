INSERT INTO events VALUES (1, 'click', '2024-01-01 10:00+00', NULL), (2, 'view', '2024-01-01 11:00+00', '{}');
REFRESH MATERIALIZED VIEW daily_events;
