CREATE TABLE seats (id integer PRIMARY KEY, row_no integer, seat_no integer, CONSTRAINT seats_place_key UNIQUE (row_no, seat_no) DEFERRABLE);
