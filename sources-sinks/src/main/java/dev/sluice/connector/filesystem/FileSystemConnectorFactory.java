package dev.sluice.connector.filesystem;

import dev.sluice.connector.ConnectorFactory;
import dev.sluice.connector.ConnectorOption;
import dev.sluice.connector.Connectors;
import dev.sluice.connector.Sink;
import dev.sluice.connector.Source;
import dev.sluice.connector.TableContext;
import dev.sluice.connector.filesystem.format.Column;
import java.util.List;
import java.util.Map;

/**
 * {@code 'connector' = 'filesystem'}: a directory of CSV or JSON Lines files, read as a stream of new files
 * ({@link FileSystemSource}) or written exactly once per batch ({@link FileSystemSink}).
 */
public final class FileSystemConnectorFactory implements ConnectorFactory {
    public static final String IDENTIFIER = "filesystem";

    private static final ConnectorOption PATH =
            ConnectorOption.required(FileSystemOptions.PATH, "the directory of the table's files");
    private static final ConnectorOption FORMAT =
            ConnectorOption.required(FileSystemOptions.FORMAT, "the files' format: csv or json");
    private static final ConnectorOption MAX_FILES_PER_TRIGGER = ConnectorOption.optional(
            FileSystemOptions.MAX_FILES_PER_TRIGGER, null, "the most new files one batch reads (default: all)");

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public List<ConnectorOption> sourceOptions() {
        return List.of(PATH, FORMAT, MAX_FILES_PER_TRIGGER);
    }

    @Override
    public List<ConnectorOption> sinkOptions() {
        return List.of(PATH, FORMAT);
    }

    /**
     * No: a batch only adds files, and a file once visible is never rewritten, so a row cannot replace one an
     * earlier batch wrote. Append output only.
     */
    @Override
    public boolean sinkAcceptsUpdates() {
        return false;
    }

    @Override
    public Source createSource(TableContext context) {
        // Checked again here (it is cheap) so that a factory called directly gets the same messages.
        Map<String, String> options = Connectors.validate(context.tableName(), "source", context.schema(),
                context.options(), sourceOptions());
        return new FileSystemSource(context.tableName(), context.schema(),
                Column.fromSchema(context.tableName(), context.schema()),
                FileSystemOptions.parse(context.tableName(), options), context.sourceLog());
    }

    @Override
    public Sink createSink(TableContext context) {
        Map<String, String> options = Connectors.validate(context.tableName(), "sink", context.schema(),
                context.options(), sinkOptions());
        return new FileSystemSink(context.tableName(), Column.fromSchema(context.tableName(), context.schema()),
                FileSystemOptions.parse(context.tableName(), options));
    }
}
