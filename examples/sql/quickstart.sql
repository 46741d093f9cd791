-- Sluice quickstart: a generated stream of orders, filtered and reshaped, printed batch by batch.
-- Run from the project root:  bin/sluice sql -f examples/sql/quickstart.sql
-- Every column below the first is computed from the row index, so a replayed batch is identical.
CREATE TABLE orders (
  order_id      BIGINT,
  customer_id   AS MOD(order_id * 7919, 1000),
  amount_cents  AS MOD(order_id * 48271, 100000),
  order_time    AS TIMESTAMPADD(SECOND, CAST(order_id AS INT) * 7, TIMESTAMP '2026-01-01 09:00:00'),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '2000',
  'rows-per-batch' = '500'
);

CREATE TABLE large_orders (
  order_id     BIGINT,
  customer     VARCHAR,
  euros        BIGINT,
  size_class   VARCHAR,
  order_minute TIMESTAMP(3)
) WITH (
  'connector' = 'print',
  'print-identifier' = 'large'
);

INSERT INTO large_orders
SELECT order_id,
       'customer-' || CAST(customer_id AS VARCHAR),
       amount_cents / 100,
       CASE WHEN amount_cents >= 90000 THEN 'very large' ELSE 'large' END,
       FLOOR(order_time TO MINUTE)
FROM orders
WHERE amount_cents >= 75000 AND MOD(order_id, 10) = 0;
