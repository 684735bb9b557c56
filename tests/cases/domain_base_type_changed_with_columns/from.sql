CREATE DOMAIN score AS integer DEFAULT 0 CONSTRAINT score_range CHECK (VALUE BETWEEN 0 AND 100);
CREATE TABLE games (id integer PRIMARY KEY, points score NOT NULL DEFAULT 5, bonus score);
CREATE INDEX games_points ON games (points);
CREATE VIEW top_games AS SELECT id, points FROM games WHERE id > 1;
