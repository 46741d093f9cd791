-- Two sources, one stream: UNION ALL of web and shop sales into one JSON Lines directory.
-- Run from the project root:  bin/sluice sql -f examples/sql/union.sql
CREATE TABLE web_sales (
  sale_id BIGINT,
  cents   AS MOD(sale_id * 31, 5000)
) WITH ('connector' = 'datagen', 'number-of-rows' = '300', 'rows-per-batch' = '100');

CREATE TABLE shop_sales (
  sale_id BIGINT,
  cents   AS MOD(sale_id * 17, 8000)
) WITH ('connector' = 'datagen', 'number-of-rows' = '200', 'rows-per-batch' = '100', 'seed' = '2');

CREATE TABLE all_sales (
  channel VARCHAR,
  sale_id BIGINT,
  cents   BIGINT
) WITH ('connector' = 'filesystem', 'path' = 'examples/target/all-sales', 'format' = 'json');

INSERT INTO all_sales
SELECT 'web', sale_id, cents FROM web_sales
UNION ALL
SELECT 'shop', sale_id, cents FROM shop_sales WHERE cents > 0;
