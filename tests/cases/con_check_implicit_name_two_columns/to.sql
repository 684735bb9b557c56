CREATE TABLE stock (id bigint PRIMARY KEY, quantity integer, reserved bigint CHECK (reserved < quantity + 1 AND reserved >= 0), lot integer CHECK (lot >= 1));
