CREATE TABLE stock (id bigint PRIMARY KEY, quantity integer, reserved bigint CHECK (reserved <= quantity), lot integer CHECK (lot > 0));
