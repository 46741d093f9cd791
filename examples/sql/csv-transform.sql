-- A CSV directory in, a filtered and reshaped CSV directory out, exactly once.
-- Run from the project root:  bin/sluice sql -f examples/sql/csv-transform.sql --trigger available-now
-- New files dropped into examples/data/orders are picked up batch by batch while the job runs.
CREATE TABLE orders (
  order_id   BIGINT,
  country    VARCHAR,
  item       VARCHAR,
  quantity   INT,
  unit_price DECIMAL(10, 2),
  order_time TIMESTAMP(3)
) WITH (
  'connector' = 'filesystem',
  'path' = 'examples/data/orders',
  'format' = 'csv',
  'max-files-per-trigger' = '1'
);

CREATE TABLE european_orders (
  order_id   BIGINT,
  country    VARCHAR,
  item       VARCHAR,
  quantity   INT,
  order_day  VARCHAR
) WITH (
  'connector' = 'filesystem',
  'path' = 'examples/target/european-orders',
  'format' = 'csv'
);

INSERT INTO european_orders
SELECT order_id, UPPER(country), TRIM(item), quantity, DATE_FORMAT(order_time, 'yyyy-MM-dd')
FROM orders
WHERE country IN ('de', 'fr', 'nl', 'it') AND quantity > 0;
