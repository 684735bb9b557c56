INSERT INTO tickets VALUES
  ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 7, 'broken login'),
  ('b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12', 12, 'slow page');
