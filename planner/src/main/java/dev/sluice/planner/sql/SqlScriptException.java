package dev.sluice.planner.sql;

import static java.util.Objects.requireNonNull;

/**
 * A problem in a SQL script, located like a compiler's error: {@code job.sql:3:17: unknown column 'vaule' ...}.
 *
 * <p>Line and column are 1-based and count characters (a tab is one column). {@link #getMessage()} is the one-line
 * form; {@link #format()} adds the offending source line and a caret under the column. The cause, when there is
 * one, is the library exception the message was made from; it is kept for debugging and never shown to users.
 */
public final class SqlScriptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String fileName;
    private final int line;
    private final int column;
    private final String problem;
    private final String sourceLine;

    /**
     * @param problem what is wrong, in plain words, without the location
     * @param sourceLine the text of line {@code line}, without its line break ("" when unknown)
     */
    public SqlScriptException(String fileName, int line, int column, String problem, String sourceLine,
            Throwable cause) {
        super(requireNonNull(fileName, "fileName is null") + ":" + line + ":" + column + ": "
                + requireNonNull(problem, "problem is null"), cause);
        if (line < 1) {
            throw new IllegalArgumentException("line must be at least 1: " + line);
        }
        if (column < 1) {
            throw new IllegalArgumentException("column must be at least 1: " + column);
        }
        this.fileName = fileName;
        this.line = line;
        this.column = column;
        this.problem = problem;
        this.sourceLine = requireNonNull(sourceLine, "sourceLine is null");
    }

    public String fileName() {
        return fileName;
    }

    /** 1-based. */
    public int line() {
        return line;
    }

    /** 1-based. */
    public int column() {
        return column;
    }

    /** The message without the location. */
    public String problem() {
        return problem;
    }

    public String sourceLine() {
        return sourceLine;
    }

    /**
     * The message, then the source line and a caret under the column:
     *
     * <pre>
     * job.sql:3:8: unknown column 'vaule' in table 'events' (did you mean 'value'?)
     *   SELECT vaule FROM events
     *          ^
     * </pre>
     */
    public String format() {
        if (sourceLine.isEmpty()) {
            return getMessage();
        }
        StringBuilder caret = new StringBuilder();
        // Keep tabs as tabs, so that the caret lines up however the terminal expands them.
        for (int i = 0; i < column - 1 && i < sourceLine.length(); i++) {
            caret.append(sourceLine.charAt(i) == '\t' ? '\t' : ' ');
        }
        return getMessage() + System.lineSeparator() + "  " + sourceLine + System.lineSeparator() + "  " + caret + "^";
    }
}
