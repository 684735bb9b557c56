CREATE TYPE order_state AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE orders (id bigint PRIMARY KEY, code varchar(20) NOT NULL, amount numeric(12,2) NOT NULL, qty integer NOT NULL, state order_state NOT NULL DEFAULT 'new', note text, placed_at timestamp NOT NULL DEFAULT now());
CREATE VIEW recent_orders AS SELECT id FROM orders;
