CREATE SEQUENCE invoice_no AS integer START WITH 1000 INCREMENT BY 10 CACHE 5;
CREATE TABLE invoices (id integer PRIMARY KEY, number integer NOT NULL DEFAULT nextval('invoice_no'));
COMMENT ON SEQUENCE invoice_no IS 'invoice numbers';
