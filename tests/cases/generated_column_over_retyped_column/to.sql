CREATE TABLE order_lines (id integer PRIMARY KEY, qty numeric(10,3) NOT NULL, unit_price numeric(10,2) NOT NULL, total numeric GENERATED ALWAYS AS (qty * unit_price) STORED);
