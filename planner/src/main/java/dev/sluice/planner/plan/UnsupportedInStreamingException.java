package dev.sluice.planner.plan;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Something the query uses that streaming plans cannot run yet. {@link dev.sluice.planner.QueryPlanner} turns it
 * into a {@link dev.sluice.planner.sql.SqlScriptException} located at the construct in the script.
 */
public final class UnsupportedInStreamingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Optional<String> functionName;

    /**
     * @param problem the message, in plain words
     * @param functionName the SQL name of the function at fault, to find it in the script; empty when the problem
     *     is not one function
     */
    public UnsupportedInStreamingException(String problem, Optional<String> functionName) {
        super(requireNonNull(problem, "problem is null"));
        this.functionName = requireNonNull(functionName, "functionName is null");
    }

    /** An unsupported function or operator, named as the user wrote it. */
    public static UnsupportedInStreamingException function(String name) {
        return new UnsupportedInStreamingException("function " + name + " is not supported in streaming queries yet",
                Optional.of(name));
    }

    public Optional<String> functionName() {
        return functionName;
    }
}
