package dev.sluice.connector.blackhole;

import dev.sluice.connector.ConnectorFactory;
import dev.sluice.connector.ConnectorOption;
import dev.sluice.connector.Sink;
import dev.sluice.connector.TableContext;
import java.util.List;

/**
 * {@code 'connector' = 'blackhole'}: a sink that throws every row away and only counts them, so that a benchmark
 * measures the query and not its output.
 */
public final class BlackholeConnectorFactory implements ConnectorFactory {
    public static final String IDENTIFIER = "blackhole";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public List<ConnectorOption> sourceOptions() {
        return List.of();
    }

    /** None: it takes no options, but it is a sink (see {@link #supportsSink()}). */
    @Override
    public List<ConnectorOption> sinkOptions() {
        return List.of();
    }

    @Override
    public boolean supportsSink() {
        return true;
    }

    @Override
    public Sink createSink(TableContext context) {
        return new BlackholeSink();
    }
}
