CREATE TABLE scores (id integer PRIMARY KEY, player text NOT NULL, points integer NOT NULL, played_at date NOT NULL);
CREATE VIEW leaderboard (name, best, games) AS
  SELECT player, max(points), count(*) FROM scores GROUP BY 1 HAVING count(*) > 0 ORDER BY 2 DESC, player FETCH FIRST 10 ROWS ONLY;
CREATE VIEW monthly (month, total) AS
  SELECT date_trunc('month', played_at)::date, sum(points) FROM scores AS s GROUP BY date_trunc('month', s.played_at);
