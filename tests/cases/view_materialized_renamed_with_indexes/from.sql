CREATE TABLE visits (id bigint PRIMARY KEY, page text NOT NULL, visitor text NOT NULL);
CREATE MATERIALIZED VIEW page_stats AS SELECT page, count(*) AS hits, count(DISTINCT visitor) AS visitors FROM visits GROUP BY page;
CREATE UNIQUE INDEX page_stats_page ON page_stats (page);
CREATE INDEX page_stats_hits_index ON page_stats (hits);
