CREATE TYPE ticket_state AS ENUM ('open', 'closed');
CREATE TABLE tickets (id integer PRIMARY KEY, state ticket_state NOT NULL DEFAULT 'open');
CREATE VIEW open_tickets AS SELECT id, state FROM tickets WHERE state = 'open';
