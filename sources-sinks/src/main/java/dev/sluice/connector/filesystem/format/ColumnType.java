package dev.sluice.connector.filesystem.format;

/**
 * The SQL column types the file formats read and write, each with exactly one Arrow type:
 *
 * <table>
 *   <caption>SQL type and Arrow type</caption>
 *   <tr><td>BOOLEAN</td><td>Bool (BitVector)</td></tr>
 *   <tr><td>INT</td><td>Int(32, signed) (IntVector)</td></tr>
 *   <tr><td>BIGINT</td><td>Int(64, signed) (BigIntVector)</td></tr>
 *   <tr><td>DOUBLE</td><td>FloatingPoint(DOUBLE) (Float8Vector)</td></tr>
 *   <tr><td>DECIMAL(p,s)</td><td>Decimal(p, s, 128) (DecimalVector)</td></tr>
 *   <tr><td>VARCHAR</td><td>Utf8 (VarCharVector)</td></tr>
 *   <tr><td>DATE</td><td>Date(DAY) (DateDayVector), days since 1970-01-01</td></tr>
 *   <tr><td>TIMESTAMP(3)</td><td>Timestamp(MILLISECOND, no zone) (TimeStampMilliVector), UTC milliseconds</td></tr>
 * </table>
 */
public enum ColumnType {
    BOOLEAN,
    INT,
    BIGINT,
    DOUBLE,
    DECIMAL,
    VARCHAR,
    DATE,
    TIMESTAMP
}
