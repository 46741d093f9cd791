package dev.sluice.planner.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * Something the query uses that streaming plans cannot run. {@link dev.sluice.planner.QueryPlanner} turns it into a
 * {@link dev.sluice.planner.sql.SqlScriptException} located at the construct in the script.
 */
public final class UnsupportedInStreamingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> locationNames;

    /**
     * @param problem the message, in plain words
     * @param functionName the SQL name of the function at fault, to find it in the script; empty when the problem
     *     is not one function
     */
    public UnsupportedInStreamingException(String problem, Optional<String> functionName) {
        this(problem, requireNonNull(functionName, "functionName is null").stream().toList());
    }

    /**
     * @param problem the message, in plain words
     * @param locationNames the SQL names of the function or clause at fault ({@code TUMBLE}, {@code ROLLUP},
     *     {@code JOIN}), tried in order to find it in the script; empty when the problem is the whole statement
     */
    public UnsupportedInStreamingException(String problem, List<String> locationNames) {
        super(requireNonNull(problem, "problem is null"));
        this.locationNames = List.copyOf(requireNonNull(locationNames, "locationNames is null"));
    }

    /** A problem located at the first of {@code locationNames} found in the script, else at the statement. */
    public static UnsupportedInStreamingException at(String problem, String... locationNames) {
        return new UnsupportedInStreamingException(problem, List.of(locationNames));
    }

    /** An unsupported function or operator, named as the user wrote it. */
    public static UnsupportedInStreamingException function(String name) {
        return at("function " + name + " is not supported in streaming queries yet", name);
    }

    /** The SQL names of the construct at fault, tried in order to locate the problem; empty: the statement. */
    public List<String> locationNames() {
        return locationNames;
    }
}
