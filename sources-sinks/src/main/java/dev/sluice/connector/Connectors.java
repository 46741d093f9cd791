package dev.sluice.connector;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** The connectors on the class path, and the checks every table's options go through before a connector sees them. */
public final class Connectors {
    /** The option that names the connector; every table has it, no connector declares it. */
    public static final String CONNECTOR_OPTION = "connector";

    private final Map<String, ConnectorFactory> factories;

    private Connectors(Map<String, ConnectorFactory> factories) {
        this.factories = Map.copyOf(factories);
    }

    /** The connectors registered with {@link ServiceLoader} on the class path. */
    public static Connectors discover() {
        Map<String, ConnectorFactory> found = new TreeMap<>();
        for (ConnectorFactory factory : ServiceLoader.load(ConnectorFactory.class, Connectors.class.getClassLoader())) {
            ConnectorFactory previous = found.put(factory.identifier(), factory);
            if (previous != null && previous.getClass() != factory.getClass()) {
                throw new ConnectorException("two connectors are named '" + factory.identifier() + "': "
                        + previous.getClass().getName() + " and " + factory.getClass().getName());
            }
        }
        return new Connectors(found);
    }

    /** The factory for {@code identifier}; the error lists the known connectors. */
    public ConnectorFactory factory(String identifier) {
        requireNonNull(identifier, "identifier is null");
        ConnectorFactory factory = factories.get(identifier);
        if (factory == null) {
            throw new ConnectorException("unknown connector '" + identifier + "'"
                    + didYouMean(identifier, factories.keySet()) + "; known connectors: "
                    + String.join(", ", new java.util.TreeSet<>(factories.keySet())));
        }
        return factory;
    }

    /** Creates the source of a table, after checking its options. */
    public Source createSource(TableContext context) {
        ConnectorFactory factory = factory(connectorOf(context));
        if (!factory.supportsSource()) {
            return factory.createSource(context); // its default names the problem
        }
        return factory.createSource(withDefaults(context, "source", factory.sourceOptions()));
    }

    /** Creates the sink of a table, after checking its options. */
    public Sink createSink(TableContext context) {
        ConnectorFactory factory = factory(connectorOf(context));
        if (!factory.supportsSink()) {
            return factory.createSink(context);
        }
        return factory.createSink(withDefaults(context, "sink", factory.sinkOptions()));
    }

    private static String connectorOf(TableContext context) {
        String connector = context.options().get(CONNECTOR_OPTION);
        if (connector == null) {
            throw new ConnectorException("table " + context.tableName() + " has no 'connector' option;"
                    + " add WITH ('connector' = '...')");
        }
        return connector;
    }

    /**
     * Checks {@code options} against the connector's list: every required option is set, no unknown option is
     * set (the message names the closest valid one and lists them all). Returns the options with defaults filled
     * in, without {@code connector}.
     */
    public static Map<String, String> validate(String tableName, String role, Schema schema,
            Map<String, String> options, List<ConnectorOption> accepted) {
        Set<String> columns = new HashSet<>();
        for (Field field : schema.getFields()) {
            columns.add(field.getName());
        }
        Map<String, String> result = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (ConnectorOption option : accepted) {
            keys.add(option.key());
        }
        for (Map.Entry<String, String> entry : new TreeMap<>(options).entrySet()) {
            String key = entry.getKey();
            if (key.equals(CONNECTOR_OPTION)) {
                continue;
            }
            boolean known = accepted.stream().anyMatch(option -> option.matches(key, columns));
            if (!known) {
                throw new ConnectorException("table " + tableName + ": unknown " + options.get(CONNECTOR_OPTION)
                        + " " + role + " option '" + key + "'" + didYouMean(key, keys)
                        + (keys.isEmpty() ? "; this connector takes no options" : "; valid options: "
                                + String.join(", ", keys)));
            }
            result.put(key, entry.getValue());
        }
        for (ConnectorOption option : accepted) {
            if (option.key().contains("#")) {
                continue;
            }
            if (!result.containsKey(option.key())) {
                if (option.required()) {
                    throw new ConnectorException("table " + tableName + ": missing required option '"
                            + option.key() + "' (" + option.description() + ")");
                }
                if (option.defaultValue() != null) {
                    result.put(option.key(), option.defaultValue());
                }
            }
        }
        return result;
    }

    private static TableContext withDefaults(TableContext context, String role, List<ConnectorOption> accepted) {
        Map<String, String> options = validate(context.tableName(), role, context.schema(), context.options(), accepted);
        options.put(CONNECTOR_OPTION, context.options().get(CONNECTOR_OPTION));
        return new TableContext(context.tableName(), context.schema(), options, context.sourceLog());
    }

    /** "; did you mean 'x'?" when a candidate is within a small edit distance, else "". */
    static String didYouMean(String word, Iterable<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = editDistance(word.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= Math.max(2, word.length() / 3) ? " (did you mean '" + best + "'?)" : "";
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
