CREATE TYPE severity AS ENUM ('low', 'medium', 'high');
CREATE TABLE alerts (
  id integer PRIMARY KEY,
  message text NOT NULL,
  level severity,
  related integer[]
);
