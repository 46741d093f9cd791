package dev.sluice.driver.cluster;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a query's executors come from, as {@code --master} says: {@code local[N]} (N executors inside the
 * driver's JVM, reached through gRPC's in-process transport), {@code local-cluster[N]} (N executor processes on
 * loopback) or {@code host:port} (the driver listens there and uses the executors that register).
 */
public sealed interface Master {
    /** {@code local[N]}: in-process executors with one task thread each. */
    record Local(int executors) implements Master {
        public Local {
            checkPositive(executors);
        }
    }

    /** {@code local-cluster[N]}: executor processes with one task thread each. */
    record LocalCluster(int executors) implements Master {
        public LocalCluster {
            checkPositive(executors);
        }
    }

    /** {@code host:port}: the address the driver serves registrations on. */
    record Remote(String host, int port) implements Master {
        public Remote {
            if (host == null || host.isEmpty()) {
                throw new IllegalArgumentException("host is empty");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }
    }

    Pattern LOCAL = Pattern.compile("local(?:\\[(\\d+|\\*)])?");
    Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[(\\d+)]");
    Pattern HOST_PORT = Pattern.compile("([^:\\s]+):(\\d{1,5})");

    /** The default: {@code local[N]} with N = the machine's cores. */
    static Master defaultMaster() {
        return new Local(Runtime.getRuntime().availableProcessors());
    }

    /** Parses a {@code --master} value; the error lists the accepted forms. */
    static Master parse(String text) {
        String trimmed = text.trim();
        Matcher local = LOCAL.matcher(trimmed);
        if (local.matches()) {
            String count = local.group(1);
            return count == null || count.equals("*") ? defaultMaster() : new Local(count(count, text));
        }
        Matcher cluster = LOCAL_CLUSTER.matcher(trimmed);
        if (cluster.matches()) {
            return new LocalCluster(count(cluster.group(1), text));
        }
        Matcher hostPort = HOST_PORT.matcher(trimmed);
        if (hostPort.matches()) {
            int port = Integer.parseInt(hostPort.group(2));
            if (port <= 65535) {
                return new Remote(hostPort.group(1), port);
            }
        }
        throw new IllegalArgumentException("--master: expected local[N], local-cluster[N] or host:port, got '"
                + text + "'");
    }

    private static int count(String digits, String text) {
        try {
            int count = Integer.parseInt(digits);
            if (count > 0) {
                return count;
            }
        } catch (NumberFormatException tooLarge) {
            // reported below
        }
        throw new IllegalArgumentException("--master: the number of executors must be from 1 to "
                + Integer.MAX_VALUE + ", got '" + text + "'");
    }

    private static void checkPositive(int executors) {
        if (executors < 1) {
            throw new IllegalArgumentException("the number of executors must be positive: " + executors);
        }
    }
}
