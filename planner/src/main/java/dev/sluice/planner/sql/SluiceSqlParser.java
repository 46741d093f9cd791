package dev.sluice.planner.sql;

import dev.sluice.planner.sql.parser.impl.SluiceSqlParserImpl;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlConformance;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;

/**
 * Parses Sluice SQL: Calcite's grammar plus the DDL of this package, with the identifier rules users of Flink and
 * Spark expect.
 *
 * <p>Identifier policy: identifiers keep the case they are written in, quoted ({@code `Name`}, back-ticks) or not,
 * and names are matched case-insensitively (the validator and the catalog both). So {@code dateTime} is stored and
 * shown as {@code dateTime}, {@code SELECT DATETIME} finds it, and the window columns that {@code TUMBLE} adds
 * ({@code window_start}, {@code window_end}) match however a query spells them. Two columns whose names differ only
 * in case are therefore a duplicate.
 */
public final class SluiceSqlParser {
    /**
     * Calcite's default conformance, plus {@code !=} and {@code %}, which people coming from Flink or Spark write
     * without thinking.
     */
    public static final SqlConformance CONFORMANCE = new SqlDelegatingConformance(SqlConformanceEnum.DEFAULT) {
        @Override
        public boolean isBangEqualAllowed() {
            return true;
        }

        @Override
        public boolean isPercentRemainderAllowed() {
            return true;
        }
    };

    /** The parser settings; see the class comment for the identifier policy. */
    public static final SqlParser.Config CONFIG = SqlParser.config()
            .withParserFactory(SluiceSqlParserImpl.FACTORY)
            .withQuoting(Quoting.BACK_TICK)
            .withUnquotedCasing(Casing.UNCHANGED)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(false)
            .withConformance(CONFORMANCE);

    /**
     * Writes SQL that {@link #CONFIG} parses back to the same tree: back-tick quoting (every identifier is quoted, so
     * reserved words and mixed case survive) and no case folding.
     */
    public static final SqlDialect DIALECT = new SqlDialect(SqlDialect.EMPTY_CONTEXT
            .withDatabaseProductName("Sluice")
            .withIdentifierQuoteString("`")
            .withIdentifierEscapedQuoteString("``")
            .withUnquotedCasing(Casing.UNCHANGED)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(false)
            .withConformance(CONFORMANCE)
            .withNullCollation(NullCollation.HIGH));

    /** Above this many, the expected tokens of a syntax error are not listed: the list would not help. */
    private static final int MAX_EXPECTED_LISTED = 6;
    private static final String DOUBLE_QUOTE =
            "unexpected '\"': quote names with back-ticks (`name`) and strings with single quotes ('text')";
    private static final Pattern LEXICAL_ERROR =
            Pattern.compile("(?s)Lexical error at line \\d+, column \\d+\\.\\s+Encountered: (.*) after : \"(.*)\"");

    private SluiceSqlParser() {
    }

    /**
     * The statements of a script, separated by {@code ;} (a final {@code ;} and empty statements are fine).
     *
     * @throws SqlScriptException on a syntax error, located in {@code source}
     */
    public static List<SqlNode> parseScript(SqlSource source) {
        try {
            SqlNodeList statements = SqlParser.create(source.text(), CONFIG).parseStmtList();
            return List.copyOf(statements.getList());
        } catch (SqlParseException e) {
            if (e.getCause() instanceof IndexOutOfBoundsException) {
                // Calcite's statement list takes the position of its first statement, and fails when there is none:
                // the script holds only comments, spaces and semicolons.
                return List.of();
            }
            throw toScriptException(source, e);
        }
    }

    /** A statement from SQL this module wrote itself (a view's text): a failure is a bug, not a user error. */
    public static SqlNode parseTrusted(String sql) {
        try {
            return SqlParser.create(sql, CONFIG).parseStmt();
        } catch (SqlParseException e) {
            throw new IllegalStateException("cannot parse SQL that Sluice wrote itself: " + e.getMessage() + "\n" + sql,
                    e);
        }
    }

    /** SQL text for a node, in a form {@link #CONFIG} parses back to the same tree. */
    public static String unparse(SqlNode node) {
        return node.toSqlString(config -> config.withDialect(DIALECT)
                .withQuoteAllIdentifiers(true)
                .withAlwaysUseParentheses(false)
                .withSelectListItemsOnSeparateLines(false)
                .withUpdateSetListNewline(false)
                .withIndentation(0)).getSql();
    }

    private static SqlScriptException toScriptException(SqlSource source, SqlParseException e) {
        SqlParserPos position = e.getPos() == null ? new SqlParserPos(1, 1) : e.getPos();
        String message = e.getMessage() == null ? "" : e.getMessage();
        Unclosed unclosed = unclosed(source);
        if (unclosed != null) {
            return source.error(unclosed.position(), unclosed.problem(), e);
        }
        Matcher lexical = LEXICAL_ERROR.matcher(message);
        if (lexical.matches()) {
            return lexicalError(source, position, lexical.group(1), e);
        }
        if (message.startsWith("Encountered \"<EOF>\"")) {
            return source.error(position, "unexpected end of script" + expected(e.getExpectedTokenNames()), e);
        }
        if (message.startsWith("Encountered") || message.startsWith("Incorrect syntax near")) {
            String found = source.text(position);
            String problem = found == null ? "syntax error" : "syntax error at '" + found + "'";
            Collection<String> expected = e.getExpectedTokenNames();
            String hint = expected.contains("\";\"") && !expected.contains("\",\"")
                    ? " (is a ';' missing between two statements?)" : expected(expected);
            return source.error(position, problem + hint, e);
        }
        // Errors the parser raises itself, such as a numeric literal out of range or a malformed interval.
        return source.error(position, decapitalize(message.replaceAll("(?s)\\s+at line \\d+, column \\d+.*", "")), e);
    }

    private static SqlScriptException lexicalError(SqlSource source, SqlParserPos position, String encountered,
            SqlParseException e) {
        // The lexer reports the character it stopped at, or (at the end of the text) the position after it.
        Matcher character = Pattern.compile("\"(.*)\" \\(\\d+\\),?\\s*").matcher(encountered);
        if (character.matches()) {
            String text = character.group(1);
            String problem = text.equals("\\\"") ? DOUBLE_QUOTE : "unexpected character '" + text + "'";
            return source.error(position, problem, e);
        }
        String line = source.line(position.getLineNum());
        int column = Math.min(position.getColumnNum() - 1, line.length());
        while (column > 0 && Character.isWhitespace(line.charAt(column - 1))) {
            column--;
        }
        if (column > 0) {
            return source.error(position.getLineNum(), column,
                    "unexpected character '" + line.charAt(column - 1) + "'", e);
        }
        return source.error(position, "unexpected end of script", e);
    }

    /** What {@link #unclosed} found: where, and what is wrong. */
    private record Unclosed(SqlParserPos position, String problem) {
    }

    /**
     * The first comment or string literal that is never closed, or double quote, if any. The parser reports these
     * at some later token, or as a stray quote; the user needs to see where the quoted text starts.
     */
    private static Unclosed unclosed(SqlSource source) {
        String text = source.text();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int end;
            if (c == '"') {
                return new Unclosed(position(text, i), DOUBLE_QUOTE);
            } else if (c == '\'') {
                end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    return new Unclosed(position(text, i), "string literal is not closed (a ' is missing)");
                }
            } else if (c == '`') {
                end = text.indexOf('`', i + 1);
                if (end < 0) {
                    return new Unclosed(position(text, i), "quoted name is not closed (a ` is missing)");
                }
            } else if (text.startsWith("--", i)) {
                end = text.indexOf('\n', i);
                if (end < 0) {
                    return null;
                }
            } else if (text.startsWith("/*", i)) {
                end = text.indexOf("*/", i + 2);
                if (end < 0) {
                    return new Unclosed(position(text, i), "comment is not closed (*/ is missing)");
                }
                end++;
            } else {
                end = i;
            }
            i = end + 1;
        }
        return null;
    }

    /** The 1-based line and column of a character, counting line breaks as the parser does. */
    private static SqlParserPos position(String text, int index) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                lineStart = i + 1;
            }
        }
        return new SqlParserPos(line, index - lineStart + 1);
    }

    private static String expected(Collection<String> tokenNames) {
        List<String> names = new ArrayList<>();
        for (String token : tokenNames) {
            String name = tokenName(token);
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        if (names.isEmpty() || names.size() > MAX_EXPECTED_LISTED) {
            return "";
        }
        if (names.size() == 1) {
            return "; expected " + names.get(0);
        }
        return "; expected one of " + String.join(", ", names);
    }

    private static String tokenName(String token) {
        if (token.startsWith("\"") && token.endsWith("\"") && token.length() >= 2) {
            return "'" + token.substring(1, token.length() - 1) + "'";
        }
        return switch (token) {
            case "<IDENTIFIER>", "<QUOTED_IDENTIFIER>", "<BACK_QUOTED_IDENTIFIER>", "<BRACKET_QUOTED_IDENTIFIER>",
                    "<UNICODE_QUOTED_IDENTIFIER>", "<BIG_QUERY_BACK_QUOTED_IDENTIFIER>",
                    "<HYPHENATED_IDENTIFIER>" -> "a name";
            case "<QUOTED_STRING>", "<PREFIXED_STRING_LITERAL>", "<UNICODE_STRING_LITERAL>",
                    "<CHARSETNAME>", "<BINARY_STRING_LITERAL>", "<BIG_QUERY_DOUBLE_QUOTED_STRING>",
                    "<BIG_QUERY_QUOTED_STRING>", "<C_STYLE_ESCAPED_STRING_LITERAL>" -> "a string literal";
            case "<UNSIGNED_INTEGER_LITERAL>", "<APPROX_NUMERIC_LITERAL>", "<DECIMAL_NUMERIC_LITERAL>" -> "a number";
            case "<EOF>" -> "end of script";
            default -> token.toLowerCase(Locale.ROOT);
        };
    }

    static String decapitalize(String text) {
        if (text.isEmpty() || (text.length() > 1 && Character.isUpperCase(text.charAt(1)))) {
            return text; // keep acronyms such as "SQL ..." or "DESCRIPTOR ..."
        }
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
