package dev.sluice.connector.print;

import dev.sluice.connector.ConnectorException;
import dev.sluice.connector.ConnectorFactory;
import dev.sluice.connector.ConnectorOption;
import dev.sluice.connector.Sink;
import dev.sluice.connector.TableContext;
import java.util.List;
import java.util.Locale;

/**
 * {@code 'connector' = 'print'}: writes every row to standard output as Flink's print connector does,
 * {@code +I[v1, v2, ...]}, for the quickstart and for looking at a query's output. At-least-once: a batch that is
 * replayed after a failure prints again. Options and format: {@code sources-sinks/docs/datagen-print-blackhole.md}.
 */
public final class PrintConnectorFactory implements ConnectorFactory {
    public static final String IDENTIFIER = "print";
    static final String PRINT_IDENTIFIER = "print-identifier";
    static final String STANDARD_ERROR = "standard-error";

    private static final List<ConnectorOption> SINK_OPTIONS = List.of(
            ConnectorOption.optional(PRINT_IDENTIFIER, null, "a text put before every row, as '<identifier>> '"),
            ConnectorOption.optional(STANDARD_ERROR, "false", "'true' to print to standard error instead of"
                    + " standard output"));

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public List<ConnectorOption> sourceOptions() {
        return List.of();
    }

    @Override
    public List<ConnectorOption> sinkOptions() {
        return SINK_OPTIONS;
    }

    @Override
    public Sink createSink(TableContext context) {
        String standardError = context.options().getOrDefault(STANDARD_ERROR, "false");
        boolean toStandardError = switch (standardError.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConnectorException("print table " + context.tableName() + ": option '"
                    + STANDARD_ERROR + "' = '" + standardError + "': expected 'true' or 'false'");
        };
        // The stream is looked up when the sink is made, so that a caller that redirected System.out sees it.
        return new PrintSink(toStandardError ? System.err : System.out, context.options().get(PRINT_IDENTIFIER));
    }
}
