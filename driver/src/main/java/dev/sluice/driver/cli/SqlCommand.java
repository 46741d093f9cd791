package dev.sluice.driver.cli;

import dev.sluice.connector.ConnectorException;
import dev.sluice.connector.Connectors;
import dev.sluice.connector.TableContext;
import dev.sluice.driver.cluster.ClusterStart;
import dev.sluice.driver.cluster.Master;
import dev.sluice.planner.PlannedQuery;
import dev.sluice.planner.QueryPlanner;
import dev.sluice.driver.query.QueryOptions;
import dev.sluice.driver.query.StreamingQuery;
import dev.sluice.driver.query.Trigger;
import dev.sluice.planner.SqlScript;
import dev.sluice.planner.catalog.ConnectorOptionsRequest;
import dev.sluice.planner.catalog.ConnectorOptionsValidator;
import dev.sluice.planner.catalog.InvalidConnectorOptionsException;
import dev.sluice.planner.catalog.TableRole;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/sluice sql -f job.sql [--master ...] [--checkpoint DIR] [--trigger ...]}. */
@Command(name = "sql", mixinStandardHelpOptions = true, description = "Runs the job a SQL file defines.")
final class SqlCommand implements Callable<Integer> {
    /** Connector errors name the option as {@code option 'key'}; the SQL error then points at it. */
    private static final Pattern OPTION_IN_MESSAGE = Pattern.compile("option '([^']+)'");

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "job.sql", description = "the SQL script")
    Path file;

    @Option(names = "--master", paramLabel = "local[N]|local-cluster[N]|host:port",
            description = "where the executors run (default: local[N], N = cores)")
    String master;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "the query's checkpoint (default: a temporary one, deleted at a clean exit)")
    String checkpoint;

    @Option(names = "--trigger", paramLabel = "available-now|once|processing-time=<interval>",
            defaultValue = "processing-time=0", description = "when batches run (default: ${DEFAULT-VALUE})")
    String trigger;

    @Option(names = "--ui-port", paramLabel = "P", description = "the web UI's port (not served by this build)")
    Integer uiPort;

    private final PrintStream out;
    private final PrintStream err;

    SqlCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Master executors = master == null ? Master.defaultMaster() : Master.parse(master);
        Trigger when = Trigger.parse(trigger);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        // The executors start while the SQL is planned; a script with an error stops them again.
        try (ClusterStart cluster = ClusterStart.begin(executors)) {
            SqlScript script = SqlScript.parse(file.toString(), text, connectorOptions(Connectors.discover()));
            PlannedQuery planned = QueryPlanner.plan(script);
            String name = file.getFileName().toString().replaceFirst("\\.sql$", "");
            StreamingQuery query = new StreamingQuery(planned,
                    new QueryOptions(name, executors, Optional.ofNullable(checkpoint), when), cluster, out);
            if (uiPort != null) {
                err.println("sluice: note: the web UI is not part of this build; --ui-port " + uiPort
                        + " is ignored");
            }
            Signals signals = Signals.onStop(query::stop);
            try {
                query.run();
            } finally {
                signals.close();
            }
        }
        return 0;
    }

    /** Checks each table's options with its connector, so a misspelt option is reported at its DDL line. */
    private static ConnectorOptionsValidator connectorOptions(Connectors connectors) {
        return new ConnectorOptionsValidator() {
            @Override
            public void validate(ConnectorOptionsRequest request) {
                try {
                    TableContext context = TableContext.of(request.tableName(), request.schema(),
                            request.options());
                    if (request.role() == TableRole.SOURCE) {
                        connectors.createSource(context).close();
                    } else {
                        connectors.createSink(context).close();
                    }
                } catch (ConnectorException e) {
                    Matcher option = OPTION_IN_MESSAGE.matcher(e.getMessage());
                    throw new InvalidConnectorOptionsException(option.find() ? option.group(1) : null,
                            e.getMessage());
                }
            }

            @Override
            public boolean sinkAcceptsUpdates(ConnectorOptionsRequest request) {
                return connectors.factory(request.connector()).sinkAcceptsUpdates();
            }
        };
    }

    /** Lets picocli create the command with the streams of this run. */
    static final class Factory implements CommandLine.IFactory {
        private final PrintStream out;
        private final PrintStream err;

        Factory(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == SqlCommand.class) {
                return type.cast(new SqlCommand(out, err));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
