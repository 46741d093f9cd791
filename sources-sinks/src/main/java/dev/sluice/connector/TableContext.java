package dev.sluice.connector;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What a connector is given to create a source or a sink for one table.
 *
 * @param tableName the table's name in the query, for messages
 * @param schema the table's physical columns (computed columns are the engine's business)
 * @param options the table's {@code WITH (...)} options, already checked against the factory's option list
 * @param sourceLog the source's private log in the checkpoint on the driver, {@link SourceLog#UNAVAILABLE} elsewhere
 *     and for sinks
 */
public record TableContext(String tableName, Schema schema, Map<String, String> options, SourceLog sourceLog) {
    public TableContext {
        requireNonNull(tableName, "tableName is null");
        requireNonNull(schema, "schema is null");
        options = Map.copyOf(requireNonNull(options, "options is null"));
        requireNonNull(sourceLog, "sourceLog is null");
    }

    /** A context without a source log (sinks, executors, tests of readers). */
    public static TableContext of(String tableName, Schema schema, Map<String, String> options) {
        return new TableContext(tableName, schema, options, SourceLog.UNAVAILABLE);
    }
}
