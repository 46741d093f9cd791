package dev.sluice.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.calcite.plan.RelOptUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The logical plans of representative INSERTs, compared with reference files in {@code src/test/resources/plans},
 * so that a change to a plan shows up as a diff in review.
 *
 * <p>After an intended change, rewrite the files with {@code -Dsluice.plans.update=true} and review the diff.
 */
class LogicalPlanTest {
    private static final Path PLANS = Path.of("src", "test", "resources", "plans");
    private static final boolean UPDATE = Boolean.getBoolean("sluice.plans.update");

    static Stream<Arguments> inserts() {
        return Stream.of(
                Arguments.of("projection_filter_computed", """
                        INSERT INTO labels
                        SELECT id, CASE WHEN bucket > 5 THEN 'high' ELSE 'low' END, CAST(amount * 2 AS DECIMAL(12, 2))
                        FROM events
                        WHERE name LIKE 'a%' AND bucket <> 3"""),
                Arguments.of("tumble_aggregate", """
                        INSERT INTO totals
                        SELECT bucket, COUNT(*), window_start, window_end
                        FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
                        GROUP BY bucket, window_start, window_end"""),
                Arguments.of("hop_aggregate", """
                        INSERT INTO totals
                        SELECT id, SUM(id), window_start, window_end
                        FROM TABLE(HOP(TABLE events, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
                        GROUP BY id, window_start, window_end"""),
                Arguments.of("session_partition_by", """
                        INSERT INTO totals
                        SELECT id, COUNT(*), window_start, window_end
                        FROM TABLE(SESSION(TABLE events PARTITION BY id, DESCRIPTOR(ts), INTERVAL '30' SECOND))
                        GROUP BY id, window_start, window_end"""),
                Arguments.of("cumulate_aggregate", """
                        INSERT INTO totals
                        SELECT id, COUNT(*), window_start, window_end
                        FROM TABLE(CUMULATE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '1' MINUTE))
                        GROUP BY id, window_start, window_end"""),
                Arguments.of("view_join", """
                        INSERT INTO labels
                        SELECT b.id, u.city, b.amount
                        FROM big AS b JOIN users AS u ON b.id = u.id"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inserts")
    void planMatchesTheReferenceFile(String name, String insert) throws IOException {
        SqlScript script = SqlScript.parse("job.sql", SqlScriptTest.TABLES
                + "CREATE VIEW big AS SELECT id, name, amount FROM events WHERE amount > 100;\n" + insert);
        String actual = insert.lines().map(line -> "-- " + line + "\n").collect(Collectors.joining())
                + RelOptUtil.toString(script.rel(script.inserts().get(0)));

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
