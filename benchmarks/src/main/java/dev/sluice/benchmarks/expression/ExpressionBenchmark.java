package dev.sluice.benchmarks.expression;

import dev.sluice.executor.operator.CalcOperator;
import dev.sluice.executor.operator.OperatorContext;
import dev.sluice.executor.task.TableSchemas;
import dev.sluice.planner.QueryPlanner;
import dev.sluice.planner.SqlScript;
import dev.sluice.planner.plan.proto.Calc;
import dev.sluice.planner.plan.proto.Pipeline;
import dev.sluice.planner.plan.proto.QueryPlan;
import dev.sluice.planner.plan.proto.TableDefinition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Vectorised expression evaluation: one Arrow batch of 4,096 rows through a {@link CalcOperator}, for the
 * expression shapes of the Spark peer workloads. Each shape's Calc is what the planner makes of real SQL, planned
 * once in setup, so the benchmark runs exactly the expressions the engine runs. Throughput mode with one
 * operation per input row, so the score reads as input rows per second on one thread.
 *
 * <ul>
 *   <li>{@code filter}: W3, {@code SELECT key, value FROM events WHERE MOD(value, 10) = 0} over the physical
 *       columns {@code (ts TIMESTAMP(3), key INT, value BIGINT)}; keeps every tenth row (410 of 4,096).</li>
 *   <li>{@code computed-columns}: the computed columns of the peer benchmark's {@code events} table (the driver's
 *       {@code bench.Workload}): {@code ts}, {@code key} and {@code value} from the row index {@code i BIGINT}, no
 *       filter.</li>
 *   <li>{@code strings}: {@code UPPER(name) || '!'} and {@code CHAR_LENGTH(name)} over a VARCHAR column, filtered
 *       by {@code name LIKE '%an%'} (1,877 of 4,096 rows kept).</li>
 * </ul>
 *
 * <p>The operator is created once and fed the same batch on every invocation, as a task feeds it batch after
 * batch: its output vectors are reused, so the score is the steady state and not the first batch's allocation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.nio=ALL-UNNAMED")
public class ExpressionBenchmark {
    private static final int BATCH_ROWS = 4096;
    /**
     * The row index of the batch's first row: a batch from the middle of a 10,000,000-row run, so that the
     * products in the computed columns have the magnitudes they have in the peer benchmark.
     */
    private static final long FIRST_ROW = 5_000_000L;
    /** 2023-11-14 22:13:20 UTC, the peer benchmark's event-time origin. */
    private static final long EVENT_TIME_ORIGIN_MS = 1_700_000_000_000L;

    /** The physical columns of W3's input: the events table's columns as the peer's source produces them. */
    private static final String FILTER_SQL = """
            CREATE TABLE events (ts TIMESTAMP(3), key INT, `value` BIGINT) WITH ('connector' = 'datagen');
            CREATE TABLE results (key INT, `value` BIGINT) WITH ('connector' = 'blackhole');
            INSERT INTO results SELECT key, `value` FROM events WHERE MOD(`value`, 10) = 0;
            """;

    /** The events table of the driver's {@code bench.Workload.sql}, read whole (the scan workload, W0). */
    private static final String COMPUTED_COLUMNS_SQL = """
            CREATE TABLE events (
              i     BIGINT,
              ts    AS TIMESTAMPADD(MILLISECOND, CAST((i * 1000) / 100000 - MOD(i * 7, 2000) AS INT),
                                    TIMESTAMP '2023-11-14 22:13:20'),
              key   AS CAST(MOD(i * 7919, 10000) AS INT),
              `value` AS MOD(i * 48271, 1000000)
            ) WITH ('connector' = 'datagen', 'number-of-rows' = '10000000');
            CREATE TABLE results (ts TIMESTAMP(3), key INT, `value` BIGINT) WITH ('connector' = 'blackhole');
            INSERT INTO results SELECT ts, key, `value` FROM events;
            """;

    private static final String STRINGS_SQL = """
            CREATE TABLE people (name VARCHAR) WITH ('connector' = 'datagen');
            CREATE TABLE shouts (shout VARCHAR, name_length INT) WITH ('connector' = 'blackhole');
            INSERT INTO shouts SELECT UPPER(name) || '!', CHAR_LENGTH(name) FROM people WHERE name LIKE '%an%';
            """;

    /** First and last names the string shape combines; a few are not ASCII, so code points differ from bytes. */
    private static final List<String> FIRST_NAMES = List.of("Anna", "Bernard", "Chloé", "Daniel", "Émile",
            "Fatima", "Grace", "Hannah", "Ivan", "Jürgen", "Kenji", "Lucía", "Mohammed", "Nora", "Oscar", "Priya");
    private static final List<String> LAST_NAMES = List.of("Andersen", "Brown", "Castillo", "Dubois", "Evans",
            "Fischer", "García", "Hansen", "Ito", "Johnson", "Kowalski", "Lefèvre", "Müller", "Nakamura", "Okafor",
            "Petrov", "Quinn", "Rossi", "Smith", "Tanaka", "Usman", "Virtanen", "Wang", "Zhang");

    @Param({"filter", "computed-columns", "strings"})
    public String shape;

    private BufferAllocator allocator;
    private BufferAllocator operatorAllocator;
    private VectorSchemaRoot input;
    private CalcOperator operator;

    @Setup(Level.Trial)
    public void setUp() {
        String sql = switch (shape) {
            case "filter" -> FILTER_SQL;
            case "computed-columns" -> COMPUTED_COLUMNS_SQL;
            case "strings" -> STRINGS_SQL;
            default -> throw new IllegalArgumentException("unknown shape " + shape
                    + " (filter, computed-columns, strings)");
        };
        QueryPlan plan = QueryPlanner.plan(SqlScript.parse(shape + ".sql", sql)).plan();
        Pipeline pipeline = plan.getPipelines(0);
        if (plan.getPipelinesCount() != 1 || pipeline.getOperatorsCount() != 1
                || !pipeline.getOperators(0).hasCalc()) {
            // the benchmark measures one Calc; a planner that splits the shape differently must be noticed here
            throw new IllegalStateException("shape " + shape + " no longer plans to one pipeline with one Calc: "
                    + plan);
        }
        Calc calc = pipeline.getOperators(0).getCalc();
        TableDefinition source = plan.getSources(pipeline.getSourceIndex());
        CalcOperator.Factory factory = new CalcOperator.Factory(calc, TableSchemas.schemaOf(source));

        allocator = new RootAllocator();
        input = VectorSchemaRoot.create(TableSchemas.schemaOf(source), allocator);
        switch (shape) {
            case "filter" -> fillEvents(input);
            case "computed-columns" -> fillRowIndexes(input);
            case "strings" -> fillNames(input);
            default -> throw new IllegalStateException("no input for shape " + shape);
        }
        operatorAllocator = allocator.newChildAllocator("calc", 0, Long.MAX_VALUE);
        operator = (CalcOperator) factory.create(new OperatorContext(operatorAllocator, "benchmark", 0, 0));
        if (evaluate() == 0) {
            throw new IllegalStateException("shape " + shape + " keeps no row of the batch, so it measures nothing");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        operator.close();
        operatorAllocator.close();
        input.close();
        allocator.close();
    }

    /** One batch through the Calc; returns the rows it kept. */
    @Benchmark
    @OperationsPerInvocation(BATCH_ROWS)
    public int evaluate() {
        operator.addInput(input);
        VectorSchemaRoot output = operator.getOutput();
        // a batch whose rows are all dropped produces no output
        return output == null ? 0 : output.getRowCount();
    }

    /** W3's input: the peer's event columns, computed in Java with the formulas of the events table. */
    private static void fillEvents(VectorSchemaRoot root) {
        TimeStampMilliVector ts = (TimeStampMilliVector) vector(root, "ts");
        IntVector key = (IntVector) vector(root, "key");
        BigIntVector value = (BigIntVector) vector(root, "value");
        ts.allocateNew(BATCH_ROWS);
        key.allocateNew(BATCH_ROWS);
        value.allocateNew(BATCH_ROWS);
        for (int row = 0; row < BATCH_ROWS; row++) {
            long i = FIRST_ROW + row;
            ts.set(row, EVENT_TIME_ORIGIN_MS + (i * 1000) / 100_000 - (i * 7) % 2000);
            key.set(row, (int) ((i * 7919) % 10_000));
            value.set(row, (i * 48271) % 1_000_000);
        }
        root.setRowCount(BATCH_ROWS);
    }

    /** The computed-columns shape's only physical column: consecutive row indexes. */
    private static void fillRowIndexes(VectorSchemaRoot root) {
        BigIntVector indexes = (BigIntVector) vector(root, "i");
        indexes.allocateNew(BATCH_ROWS);
        for (int row = 0; row < BATCH_ROWS; row++) {
            indexes.set(row, FIRST_ROW + row);
        }
        root.setRowCount(BATCH_ROWS);
    }

    /** "First Last" names of 6 to 20 characters, spread over the lists with coprime strides. */
    private static void fillNames(VectorSchemaRoot root) {
        VarCharVector names = (VarCharVector) vector(root, "name");
        names.allocateNew(BATCH_ROWS);
        for (int row = 0; row < BATCH_ROWS; row++) {
            String name = FIRST_NAMES.get((row * 7) % FIRST_NAMES.size()) + " "
                    + LAST_NAMES.get((row * 5) % LAST_NAMES.size());
            names.setSafe(row, name.getBytes(StandardCharsets.UTF_8));
        }
        root.setRowCount(BATCH_ROWS);
    }

    private static FieldVector vector(VectorSchemaRoot root, String name) {
        FieldVector vector = root.getVector(name);
        if (vector == null) {
            throw new IllegalStateException("the planned source has no column " + name + ": " + root.getSchema());
        }
        return vector;
    }
}
