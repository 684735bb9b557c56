CREATE TABLE scores (id integer PRIMARY KEY, player text NOT NULL, points integer NOT NULL);
CREATE FUNCTION top_players(n int DEFAULT 10) RETURNS TABLE (player text, total bigint) LANGUAGE sql STABLE AS $$
  select player, sum(points) from scores group by player order by 2 desc limit n
$$;
COMMENT ON FUNCTION top_players(integer) IS 'leaderboard';
