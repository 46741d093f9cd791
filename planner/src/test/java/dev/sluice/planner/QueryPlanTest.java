package dev.sluice.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The physical plans of representative INSERTs, compared with reference files in
 * {@code src/test/resources/plans/query}: each file holds the INSERT, the explain text (tables, then the optimised
 * Calcite plan) and the plan protobuf in text format, so that a change to either shows up as a diff in review.
 *
 * <p>After an intended change, rewrite the files with {@code -Dsluice.plans.update=true} and review the diff.
 */
class QueryPlanTest {
    private static final Path PLANS = Path.of("src", "test", "resources", "plans", "query");
    private static final boolean UPDATE = Boolean.getBoolean("sluice.plans.update");

    /** Nexmark's bid and person streams, with the event time computed from a physical column, and sinks. */
    static final String TABLES = """
            CREATE TABLE bid (
              auction  BIGINT NOT NULL,
              bidder   BIGINT,
              price    BIGINT,
              channel  VARCHAR,
              url      VARCHAR,
              seconds  INT,
              extra    VARCHAR,
              price_cents AS price * 100,
              dateTime AS TIMESTAMPADD(SECOND, seconds, TIMESTAMP '2026-01-01 00:00:00.000'),
              WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND
            ) WITH ('connector' = 'datagen', 'rows-per-second' = '1000', 'fields.channel.length' = '8');
            CREATE TABLE person (
              id BIGINT NOT NULL,
              name VARCHAR,
              email VARCHAR,
              city VARCHAR,
              state VARCHAR,
              score INT,
              balance DECIMAL(10, 2),
              birthday DATE,
              created TIMESTAMP(3),
              WATERMARK FOR created AS created
            ) WITH ('connector' = 'filesystem', 'path' = '/data/person', 'format' = 'csv');
            CREATE TABLE person_copy (
              id BIGINT NOT NULL,
              name VARCHAR,
              email VARCHAR,
              city VARCHAR,
              state VARCHAR,
              score INT,
              balance DECIMAL(10, 2),
              birthday DATE,
              created TIMESTAMP(3)
            ) WITH ('connector' = 'filesystem', 'path' = '/data/person_copy', 'format' = 'json');
            CREATE TABLE bid_out (auction BIGINT, cents BIGINT, channel VARCHAR, event_time TIMESTAMP(3))
              WITH ('connector' = 'print');
            CREATE TABLE labels (id BIGINT, a VARCHAR, b VARCHAR, c BIGINT, d DECIMAL(12, 2), e BOOLEAN, f BOOLEAN,
              g VARCHAR)
              WITH ('connector' = 'blackhole');
            CREATE TABLE strings (a VARCHAR, b VARCHAR, c VARCHAR, d INT, e VARCHAR, f VARCHAR, g VARCHAR, h INT,
              i VARCHAR)
              WITH ('connector' = 'blackhole');
            CREATE TABLE times (a BIGINT, b TIMESTAMP(3), c TIMESTAMP(3), d TIMESTAMP(3), e INT, f VARCHAR,
              g TIMESTAMP(3), h DATE)
              WITH ('connector' = 'blackhole');
            CREATE TABLE ids (id BIGINT, origin VARCHAR) WITH ('connector' = 'blackhole');
            CREATE TABLE nexmark_q1 (auction BIGINT, bidder BIGINT, price DECIMAL(23, 3), dateTime TIMESTAMP(3),
              extra VARCHAR)
              WITH ('connector' = 'blackhole');
            CREATE TABLE nexmark_q2 (auction BIGINT, price BIGINT) WITH ('connector' = 'blackhole');
            CREATE TABLE auction_windows (window_start TIMESTAMP(3), window_end TIMESTAMP(3), auction BIGINT,
              bids BIGINT, volume BIGINT)
              WITH ('connector' = 'blackhole');
            CREATE TABLE price_ranges (window_start TIMESTAMP(3), window_end TIMESTAMP(3), channel VARCHAR,
              doubled_highest BIGINT, lowest BIGINT)
              WITH ('connector' = 'blackhole');
            CREATE TABLE state_progress (window_start TIMESTAMP(3), window_end TIMESTAMP(3), window_time TIMESTAMP(3),
              state VARCHAR, cities BIGINT, average_score INT)
              WITH ('connector' = 'blackhole');
            CREATE TABLE bidder_sessions (bidder BIGINT, session_start TIMESTAMP(3), session_end TIMESTAMP(3),
              bids BIGINT, big_bids BIGINT)
              WITH ('connector' = 'blackhole');
            CREATE TABLE city_totals (city VARCHAR, people BIGINT, balance DECIMAL(20, 2), youngest DATE)
              WITH ('connector' = 'blackhole');
            CREATE TABLE activity_counts (window_start TIMESTAMP(3), who BIGINT, actions BIGINT)
              WITH ('connector' = 'blackhole');
            """;

    static Stream<Arguments> inserts() {
        return Stream.of(
                Arguments.of("filter_projection_pushdown", """
                        INSERT INTO bid_out
                        SELECT auction, price_cents, UPPER(channel), dateTime
                        FROM bid
                        WHERE price_cents > 1000 AND channel <> 'apple'"""),
                Arguments.of("constant_folding", """
                        INSERT INTO ids
                        SELECT auction, 'x' || 'y'
                        FROM bid
                        WHERE 1 = 1 AND auction > 2 + 3 AND bidder * (10 - 9) < 100"""),
                Arguments.of("conditional_expressions", """
                        INSERT INTO labels
                        SELECT id,
                               CASE WHEN score > 90 THEN 'excellent' WHEN score > 50 THEN 'ok' ELSE 'low' END,
                               COALESCE(city, state, 'unknown'),
                               NULLIF(score, 0),
                               CAST(balance * 2 AS DECIMAL(12, 2)),
                               state IN ('OR', 'WA', 'CA'),
                               score BETWEEN 10 AND 20,
                               CAST(score AS VARCHAR)
                        FROM person
                        WHERE name LIKE 'A%' AND name NOT LIKE '%z' AND email IS NOT NULL AND id % 2 = 0"""),
                Arguments.of("string_functions", """
                        INSERT INTO strings
                        SELECT UPPER(name), LOWER(email), SUBSTRING(name FROM 2 FOR 3), CHAR_LENGTH(name),
                               TRIM(name), TRIM(LEADING 'x' FROM name), TRIM(TRAILING FROM city),
                               POSITION('@' IN email), name || ' <' || email || '>'
                        FROM person"""),
                Arguments.of("timestamp_functions", """
                        INSERT INTO times
                        SELECT EXTRACT(HOUR FROM created), FLOOR(created TO DAY), CEIL(created TO HOUR),
                               TIMESTAMPADD(MINUTE, 5, created), TIMESTAMPDIFF(SECOND, created, TIMESTAMP '2026-01-02 03:04:05.678'),
                               DATE_FORMAT(created, 'yyyy-MM-dd HH:mm'), created + INTERVAL '1' HOUR,
                               birthday + INTERVAL '1' MONTH
                        FROM person
                        WHERE created > TIMESTAMP '2026-01-01 00:00:00' AND birthday < DATE '2000-01-01'"""),
                Arguments.of("union_all_two_sources", """
                        INSERT INTO ids
                        SELECT auction, 'bid' FROM bid WHERE price > 10
                        UNION ALL
                        SELECT id, 'person' FROM person"""),
                Arguments.of("union_all_same_source_twice", """
                        INSERT INTO ids
                        SELECT auction, 'high' FROM bid WHERE price > 100
                        UNION ALL
                        SELECT bidder, 'low' FROM bid WHERE price <= 100"""),
                Arguments.of("identity_select_star", """
                        INSERT INTO person_copy
                        SELECT * FROM person"""),
                Arguments.of("casts_to_sink_types", """
                        INSERT INTO ids
                        SELECT score, name FROM person
                        UNION ALL
                        SELECT auction, channel FROM bid"""),
                Arguments.of("nexmark_q1_currency_conversion", """
                        INSERT INTO nexmark_q1
                        SELECT auction, bidder, 0.908 * price AS price, dateTime, extra FROM bid"""),
                Arguments.of("nexmark_q2_selection", """
                        INSERT INTO nexmark_q2
                        SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0"""),
                Arguments.of("computed_event_time", """
                        INSERT INTO bid_out
                        SELECT auction, price, channel, dateTime FROM bid"""),
                // Stateful: a window per function, a GROUP BY without window, UNION ALL below the aggregation.
                Arguments.of("tumble_aggregate", """
                        INSERT INTO auction_windows
                        SELECT window_start, window_end, auction, COUNT(*), SUM(price)
                        FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
                        GROUP BY window_start, window_end, auction"""),
                Arguments.of("hop_aggregate_with_filter_and_having", """
                        INSERT INTO price_ranges
                        SELECT window_start, window_end, UPPER(channel), MAX(price) * 2, MIN(price)
                        FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND,
                                       INTERVAL '1' SECOND))
                        WHERE price > 10
                        GROUP BY window_start, window_end, UPPER(channel)
                        HAVING COUNT(*) > 1"""),
                Arguments.of("cumulate_aggregate_with_settings", """
                        SET 'output-mode' = 'update';
                        SET 'state.key-groups' = '256';
                        INSERT INTO state_progress
                        SELECT window_start, window_end, window_time, state, COUNT(DISTINCT city), AVG(score)
                        FROM TABLE(CUMULATE((SELECT state, city, score, created FROM person WHERE score IS NOT NULL),
                                            DESCRIPTOR(created), INTERVAL '10' MINUTE, INTERVAL '1' HOUR))
                        GROUP BY window_start, window_end, window_time, state"""),
                Arguments.of("session_aggregate", """
                        INSERT INTO bidder_sessions
                        SELECT bidder, window_start, window_end, COUNT(*), COUNT(*) FILTER (WHERE price > 100)
                        FROM TABLE(SESSION(TABLE bid PARTITION BY bidder, DESCRIPTOR(dateTime), INTERVAL '30' SECOND))
                        GROUP BY window_start, window_end, bidder"""),
                Arguments.of("group_by_aggregate", """
                        INSERT INTO city_totals
                        SELECT city, COUNT(*), SUM(balance), MAX(birthday)
                        FROM person
                        WHERE city IS NOT NULL
                        GROUP BY city
                        HAVING COUNT(*) > 1"""),
                Arguments.of("union_all_window_aggregate", """
                        CREATE VIEW activity AS
                          SELECT id AS who, created AS happened FROM person
                          UNION ALL
                          SELECT bidder, dateTime FROM bid;
                        INSERT INTO activity_counts
                        SELECT window_start, who, COUNT(*)
                        FROM TABLE(TUMBLE(TABLE activity, DESCRIPTOR(happened), INTERVAL '1' MINUTE))
                        GROUP BY window_start, window_end, who"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inserts")
    void planMatchesTheReferenceFile(String name, String insert) throws IOException {
        PlannedQuery planned = QueryPlanner.plan(SqlScript.parse("job.sql", TABLES + insert));
        String actual = insert.lines().map(line -> "-- " + line + "\n").collect(Collectors.joining())
                + "\n" + planned.explain() + "\n" + TextFormat.printer().printToString(planned.plan());

        Path file = PLANS.resolve(name + ".plan");
        if (UPDATE) {
            Files.createDirectories(PLANS);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(file), () -> "no reference plan " + file + "; run with -Dsluice.plans.update=true"
                + " and review it:\n" + actual);
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, () -> "the plan of " + name
                + " changed; if that is intended, run with -Dsluice.plans.update=true and review the diff");
    }
}
