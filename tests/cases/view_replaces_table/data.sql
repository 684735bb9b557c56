INSERT INTO customers VALUES (1, 'Ann', true), (2, 'Bob', false);
INSERT INTO vip_customers VALUES (1, 'Ann');
