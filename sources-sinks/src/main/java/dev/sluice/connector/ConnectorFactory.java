package dev.sluice.connector;

import java.util.List;

/**
 * Creates a connector's sources and sinks; found by {@link java.util.ServiceLoader} under the name used in
 * {@code 'connector' = '<identifier>'}. Register an implementation in
 * {@code META-INF/services/dev.sluice.connector.ConnectorFactory}.
 */
public interface ConnectorFactory {

    /** The value of the {@code connector} option that selects this connector ({@code datagen}). */
    String identifier();

    /** The options a source table accepts (see {@link #supportsSource()}). */
    List<ConnectorOption> sourceOptions();

    /** The options a sink table accepts (see {@link #supportsSink()}). */
    List<ConnectorOption> sinkOptions();

    /** Whether tables of this connector can be read; by default, whether it lists source options. */
    default boolean supportsSource() {
        return !sourceOptions().isEmpty();
    }

    /** Whether tables of this connector can be written; by default, whether it lists sink options. */
    default boolean supportsSink() {
        return !sinkOptions().isEmpty();
    }

    /**
     * Whether the sink can take update and complete output, where a row may replace one written before (Spark's
     * output modes; the planner refuses them into a sink that cannot). True by default: a sink that only ever adds
     * rows, such as files, says false.
     */
    default boolean sinkAcceptsUpdates() {
        return true;
    }

    /** Creates a source; the options have been checked against {@link #sourceOptions()}. */
    default Source createSource(TableContext context) {
        throw new ConnectorException("connector '" + identifier() + "' cannot be read from (table "
                + context.tableName() + "); it is a sink only");
    }

    /** Creates a sink; the options have been checked against {@link #sinkOptions()}. */
    default Sink createSink(TableContext context) {
        throw new ConnectorException("connector '" + identifier() + "' cannot be written to (table "
                + context.tableName() + "); it is a source only");
    }
}
