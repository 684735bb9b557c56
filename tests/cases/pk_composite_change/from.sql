CREATE TABLE m (a integer NOT NULL, b integer NOT NULL, c integer NOT NULL, CONSTRAINT m_a_b_pk PRIMARY KEY (a, b));
