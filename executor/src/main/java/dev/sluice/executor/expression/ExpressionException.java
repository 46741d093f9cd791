package dev.sluice.executor.expression;

/**
 * A SQL data error raised while evaluating an expression (overflow, division by zero, a string that is not a
 * number, ...) or a plan error found while compiling one. The message names the expression and, for data errors,
 * the offending value.
 */
public final class ExpressionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExpressionException(String message) {
        super(message);
    }

    public ExpressionException(String message, Throwable cause) {
        super(message, cause);
    }
}
