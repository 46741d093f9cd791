package dev.sluice.planner.sql;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The text of a SQL script and the name it is reported under; it turns parser positions into
 * {@link SqlScriptException}s that show the offending line.
 *
 * @param fileName the name errors start with ({@code job.sql}); not opened, only shown
 * @param text the whole script
 */
public record SqlSource(String fileName, String text) {
    public SqlSource {
        requireNonNull(fileName, "fileName is null");
        requireNonNull(text, "text is null");
    }

    /** An error at {@code position}, which must be a real position (line 1 or more). */
    public SqlScriptException error(SqlParserPos position, String problem) {
        return error(position.getLineNum(), position.getColumnNum(), problem, null);
    }

    /** An error at {@code position}, keeping the library exception it was made from. */
    public SqlScriptException error(SqlParserPos position, String problem, Throwable cause) {
        return error(position.getLineNum(), position.getColumnNum(), problem, cause);
    }

    /** An error at a 1-based line and column; a position before the start (0) is taken as 1. */
    public SqlScriptException error(int line, int column, String problem, Throwable cause) {
        int safeLine = Math.max(1, line);
        int safeColumn = Math.max(1, column);
        return new SqlScriptException(fileName, safeLine, safeColumn, problem, line(safeLine), cause);
    }

    /** The text of a 1-based line without its line break, "" past the end. */
    public String line(int number) {
        List<String> lines = lines();
        return number >= 1 && number <= lines.size() ? lines.get(number - 1) : "";
    }

    /** The text a node spans as written, when it is on one line; otherwise null. */
    public String text(SqlParserPos position) {
        if (position.getLineNum() < 1 || position.getLineNum() != position.getEndLineNum()) {
            return null;
        }
        String line = line(position.getLineNum());
        int start = position.getColumnNum() - 1;
        int end = Math.min(line.length(), position.getEndColumnNum());
        return start >= 0 && start < end ? line.substring(start, end) : null;
    }

    /**
     * The text a node spans as written, over as many lines as it takes, or empty when the position does not lie in
     * this text (a node this module made up).
     */
    public Optional<String> span(SqlParserPos position) {
        int start = offset(position.getLineNum(), position.getColumnNum());
        int end = offset(position.getEndLineNum(), position.getEndColumnNum());
        if (start < 0 || end < start) {
            return Optional.empty();
        }
        return Optional.of(text.substring(start, Math.min(text.length(), end + 1)));
    }

    /** The 0-based offset of a 1-based line and column, or -1 when there is no such place. */
    private int offset(int line, int column) {
        if (line < 1 || column < 1) {
            return -1;
        }
        int offset = 0;
        for (int current = 1; current < line; current++) {
            int lineBreak = nextLineBreak(offset);
            if (lineBreak < 0) {
                return -1;
            }
            offset = lineBreak + (text.startsWith("\r\n", lineBreak) ? 2 : 1);
        }
        int lineBreak = nextLineBreak(offset);
        int lineEnd = lineBreak < 0 ? text.length() : lineBreak;
        return offset + column - 1 <= lineEnd ? offset + column - 1 : -1;
    }

    private int nextLineBreak(int from) {
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == '\n' || text.charAt(i) == '\r') {
                return i;
            }
        }
        return -1;
    }

    /** "line L, column C", for messages that point at a second place in the same script. */
    public static String describe(SqlParserPos position) {
        return "line " + position.getLineNum() + ", column " + position.getColumnNum();
    }

    // The parser counts \r\n, \r and \n each as one line break; split the same way so line numbers agree.
    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
            i++;
        }
        lines.add(text.substring(start));
        return lines;
    }
}
