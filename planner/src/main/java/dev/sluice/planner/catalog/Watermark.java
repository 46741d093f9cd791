package dev.sluice.planner.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * {@code WATERMARK FOR column AS column - INTERVAL ...}: the table's event-time column and how late its rows may
 * arrive. The engine follows Spark's rule: watermark = the largest event time seen minus {@code delay}; a row is late
 * when its event time is below the watermark.
 *
 * @param column the event-time column (TIMESTAMP(3), physical or computed), spelt as declared
 * @param delay how far the watermark trails the largest event time; zero for {@code WATERMARK FOR ts AS ts}
 * @param expressionSql the watermark expression as written, for messages and plans
 */
public record Watermark(String column, Duration delay, String expressionSql) {
    public Watermark {
        requireNonNull(column, "column is null");
        requireNonNull(delay, "delay is null");
        requireNonNull(expressionSql, "expressionSql is null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("watermark delay is negative: " + delay);
        }
    }
}
