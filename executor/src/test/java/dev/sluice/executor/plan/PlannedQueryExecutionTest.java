package dev.sluice.executor.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.connector.Connectors;
import dev.sluice.connector.LatestOffsetRequest;
import dev.sluice.connector.Offset;
import dev.sluice.connector.PartitionReader;
import dev.sluice.connector.PlanPartitionsRequest;
import dev.sluice.connector.ReadLimit;
import dev.sluice.connector.ReaderRequest;
import dev.sluice.connector.Source;
import dev.sluice.connector.TableContext;
import dev.sluice.executor.operator.Batches;
import dev.sluice.executor.operator.OperatorChain;
import dev.sluice.executor.operator.Operators;
import dev.sluice.executor.task.TableSchemas;
import dev.sluice.planner.QueryPlanner;
import dev.sluice.planner.SqlScript;
import dev.sluice.planner.plan.proto.Pipeline;
import dev.sluice.planner.plan.proto.QueryPlan;
import dev.sluice.planner.plan.proto.TableDefinition;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * The planner-executor contract, end to end: SQL is planned into the QueryPlan protobuf, the executor builds its
 * operators from that protobuf alone and runs them over batches from the real datagen reader. Expected rows are
 * computed here in plain Java from the row index, not by the engine.
 */
class PlannedQueryExecutionTest {
    private static final int ROWS = 1_000;
    private static final String SOURCE = """
            CREATE TABLE src (
              i BIGINT,
              ts AS TIMESTAMPADD(SECOND, CAST(i AS INT) * 37, TIMESTAMP '2026-01-01 00:00:00')
            ) WITH ('connector' = 'datagen', 'number-of-rows' = '1000');
            """;
    private static final LocalDateTime BASE = LocalDateTime.of(2026, 1, 1, 0, 0);

    @Test
    void arithmeticWithFilter() {
        List<List<Object>> rows = run("""
                CREATE TABLE sink_t (i BIGINT, a BIGINT, m BIGINT, d BIGINT, n BIGINT) WITH ('connector' = 'blackhole');
                INSERT INTO sink_t SELECT i, i * 2 + 1, MOD(i - 500, 7), (i - 500) / 3, -i FROM src WHERE i % 10 = 0;
                """);
        assertEquals(expected(i -> i % 10 == 0,
                i -> List.of(i, i * 2 + 1, (i - 500) % 7, (i - 500) / 3, -i)), rows);
    }

    @Test
    void modOfABigintByAnIntLiteralDoesNotNarrowTheDividend() {
        List<List<Object>> rows = run("""
                CREATE TABLE sink_t (i BIGINT, m INT, v INT) WITH ('connector' = 'blackhole');
                INSERT INTO sink_t SELECT i, MOD(i + 3000000000, 7), MOD(i * 48271 * 100000, 1000000) FROM src
                WHERE i < 50;
                """);
        assertEquals(expected(i -> i < 50,
                i -> List.of(i, (int) ((i + 3_000_000_000L) % 7), (int) (i * 48271 * 100000 % 1_000_000))), rows);
    }

    @Test
    void caseOverLiteralsOfDifferentLengthsIsNotPadded() {
        List<List<Object>> rows = run("""
                CREATE TABLE sink_t (i BIGINT, parity VARCHAR, c BIGINT) WITH ('connector' = 'blackhole');
                INSERT INTO sink_t SELECT i, CASE WHEN i % 2 = 0 THEN 'even' ELSE 'odd' END,
                    COALESCE(NULLIF(i % 3, 0), -1) FROM src WHERE i < 12;
                """);
        assertEquals(expected(i -> i < 12, i -> List.of(i, i % 2 == 0 ? "even" : "odd", i % 3 == 0 ? -1L : i % 3)),
                rows);
    }

    @Test
    void inBetweenAndLike() {
        List<List<Object>> rows = run("""
                CREATE TABLE sink_t (i BIGINT) WITH ('connector' = 'blackhole');
                INSERT INTO sink_t SELECT i FROM src
                WHERE i IN (1, 5, 9) OR i BETWEEN 100 AND 102 OR CAST(i AS VARCHAR) LIKE '9_7';
                """);
        assertEquals(expected(i -> i == 1 || i == 5 || i == 9 || (i >= 100 && i <= 102)
                || (i >= 900 && i < 1000 && i % 10 == 7), i -> List.of(i)), rows);
    }

    @Test
    void stringFunctions() {
        List<List<Object>> rows = run("""
                CREATE TABLE sink_t (i BIGINT, s VARCHAR, name_length INT, sub VARCHAR, found_at INT) WITH ('connector' = 'blackhole');
                INSERT INTO sink_t SELECT i, UPPER('id-' || CAST(i AS VARCHAR)), CHAR_LENGTH(CAST(i AS VARCHAR)),
                    SUBSTRING('abcdef' FROM 2 FOR 3), POSITION('7' IN CAST(i AS VARCHAR)) FROM src WHERE i < 100;
                """);
        assertEquals(expected(i -> i < 100, i -> List.of(i, "ID-" + i, Long.toString(i).length(), "bcd",
                Long.toString(i).indexOf('7') + 1)), rows);
    }

    @Test
    void timestampFunctionsOnAComputedColumn() {
        List<List<Object>> rows = run("""
                CREATE TABLE sink_t (i BIGINT, ts TIMESTAMP(3), h BIGINT, m TIMESTAMP(3), f VARCHAR, diff INT)
                    WITH ('connector' = 'blackhole');
                INSERT INTO sink_t SELECT i, ts, EXTRACT(HOUR FROM ts), FLOOR(ts TO MINUTE),
                    DATE_FORMAT(ts, 'yyyy-MM-dd HH:mm'),
                    TIMESTAMPDIFF(MINUTE, TIMESTAMP '2026-01-01 00:00:00', ts) FROM src WHERE i % 97 = 0;
                """);
        assertEquals(expected(i -> i % 97 == 0, i -> {
            LocalDateTime ts = BASE.plusSeconds(i * 37);
            return List.of(i, ts, (long) ts.getHour(), ts.withSecond(0),
                    String.format("2026-01-%02d %02d:%02d", ts.getDayOfMonth(), ts.getHour(), ts.getMinute()),
                    (int) (i * 37 / 60));
        }), rows);
    }

    /** Plans {@code sql} (after the source table), then runs its one pipeline over every row of the source. */
    private static List<List<Object>> run(String sql) {
        QueryPlan plan = QueryPlanner.plan(SqlScript.parse("test.sql", SOURCE + sql)).plan();
        assertEquals(1, plan.getPipelinesCount(), plan.toString());
        Pipeline pipeline = plan.getPipelines(0);
        TableDefinition table = plan.getSources(pipeline.getSourceIndex());
        Schema schema = TableSchemas.schemaOf(table);
        List<List<Object>> output = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
                Source source = Connectors.discover().createSource(
                        TableContext.of(table.getName(), schema, table.getOptionsMap()))) {
            Offset end = source.latestOffset(new LatestOffsetRequest(source.initialOffset(), ReadLimit.ALL_AVAILABLE));
            for (var partition : source.planInputPartitions(
                    new PlanPartitionsRequest(source.initialOffset(), end, 0, 3))) {
                try (PartitionReader reader = source.createReader(new ReaderRequest(partition, allocator, 128));
                        OperatorChain chain = OperatorChain.create(
                                Operators.factoriesFor(pipeline.getOperatorsList(), schema), allocator, "q", 0, 0,
                                batch -> output.addAll(Batches.rows(batch)))) {
                    while (reader.loadNextBatch()) {
                        chain.push(reader.root());
                    }
                    chain.finish();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        return output;
    }

    private static List<List<Object>> expected(LongPredicate keep, LongFunction<List<Object>> row) {
        List<List<Object>> rows = new ArrayList<>();
        for (long i = 0; i < ROWS; i++) {
            if (keep.test(i)) {
                rows.add(row.apply(i));
            }
        }
        return rows;
    }
}
