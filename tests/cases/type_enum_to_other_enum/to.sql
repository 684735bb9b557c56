CREATE TYPE workflow_state AS ENUM ('open', 'in_progress', 'closed');
CREATE TABLE tickets (id integer PRIMARY KEY, state workflow_state NOT NULL DEFAULT 'open', history workflow_state[]);
