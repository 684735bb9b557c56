CREATE TABLE m (a integer NOT NULL, b integer NOT NULL, c integer NOT NULL, CONSTRAINT m_a_b_c_pk PRIMARY KEY (a, b, c));
