CREATE TABLE scores (id integer PRIMARY KEY, player text NOT NULL, points integer NOT NULL, played_at date NOT NULL);
CREATE VIEW leaderboard AS SELECT player, points FROM scores;
