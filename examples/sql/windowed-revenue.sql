-- Revenue per customer group in 1-minute tumbling windows of event time, written to CSV files once each window is
-- final (append mode: a window is written when the watermark passes its end).
-- Run from the project root:  bin/sluice sql -f examples/sql/windowed-revenue.sql --trigger available-now
CREATE TABLE orders (
  order_id      BIGINT,
  customer_id   AS MOD(order_id * 7919, 1000),
  amount_cents  AS MOD(order_id * 48271, 100000),
  -- one order every 700 ms of event time, up to 3 s out of order
  order_time    AS TIMESTAMPADD(MILLISECOND, CAST(order_id * 700 - MOD(order_id * 13, 3000) AS INT),
                                TIMESTAMP '2026-01-01 09:00:00'),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '2000',
  'rows-per-batch' = '500'
);

CREATE TABLE revenue_per_minute (
  window_start   TIMESTAMP(3),
  window_end     TIMESTAMP(3),
  customer_group BIGINT,
  orders         BIGINT,
  euros          BIGINT,
  largest_cents  BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 'examples/target/revenue-per-minute',
  'format' = 'csv'
);

INSERT INTO revenue_per_minute
SELECT window_start, window_end, customer_id / 250, COUNT(*), SUM(amount_cents) / 100, MAX(amount_cents)
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(order_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, customer_id / 250;
