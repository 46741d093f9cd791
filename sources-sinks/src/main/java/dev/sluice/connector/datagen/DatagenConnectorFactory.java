package dev.sluice.connector.datagen;

import dev.sluice.connector.ConnectorFactory;
import dev.sluice.connector.ConnectorOption;
import dev.sluice.connector.Source;
import dev.sluice.connector.TableContext;
import java.time.InstantSource;
import java.util.List;

/**
 * {@code 'connector' = 'datagen'}: deterministic, replayable rows for examples, tests and benchmarks. Row
 * {@code i} is a pure function of {@code i}, the table's seed and the column, so a replayed batch is identical.
 * Options, defaults and generators: {@code sources-sinks/docs/datagen-print-blackhole.md}.
 */
public final class DatagenConnectorFactory implements ConnectorFactory {
    public static final String IDENTIFIER = "datagen";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public List<ConnectorOption> sourceOptions() {
        return DatagenOptions.SOURCE_OPTIONS;
    }

    @Override
    public List<ConnectorOption> sinkOptions() {
        return List.of();
    }

    @Override
    public Source createSource(TableContext context) {
        DatagenTable table = DatagenTable.parse(context.tableName(), context.schema(), context.options());
        return new DatagenSource(table, context.sourceLog(), InstantSource.system());
    }
}
