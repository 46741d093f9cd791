package dev.sluice.executor.expression;

import dev.sluice.planner.plan.proto.DataType;
import java.util.regex.Pattern;

/**
 * value LIKE pattern [ESCAPE escape]: {@code %} matches any sequence, {@code _} one character (code point), the
 * escape character makes the next {@code %}, {@code _} or escape literal. A literal pattern is translated once;
 * the common shapes 'abc', 'abc%', '%abc' and '%abc%' run as equals / startsWith / endsWith / contains instead of
 * a regular expression. A pattern read from a column is translated when it changes from the previous row.
 */
final class Like extends VectorExpression {
    private final VectorExpression value;
    private final VectorExpression pattern;
    private final VectorExpression escape;
    /** The pattern compiled at plan time, when pattern and escape are literals. */
    private final Matcher constantMatcher;

    Like(DataType type, String text, int slot, VectorExpression value, VectorExpression pattern,
            VectorExpression escape, String constantPattern, String constantEscape) {
        super(type, text, slot);
        this.value = value;
        this.pattern = pattern;
        this.escape = escape;
        this.constantMatcher = constantPattern == null ? null : compile(constantPattern, constantEscape, text);
    }

    /** Which test a compiled pattern runs. */
    enum Shape { EQUALS, STARTS_WITH, ENDS_WITH, CONTAINS, REGEX }

    /** A compiled pattern: {@code shape} says which fast path applies, {@code regex} is the general case. */
    record Matcher(Shape shape, String literal, Pattern regex) {
        boolean matches(String value) {
            return switch (shape) {
                case EQUALS -> value.equals(literal);
                case STARTS_WITH -> value.startsWith(literal);
                case ENDS_WITH -> value.endsWith(literal);
                case CONTAINS -> value.contains(literal);
                case REGEX -> regex.matcher(value).matches();
            };
        }
    }

    static Matcher compile(String pattern, String escape, String text) {
        int escapeCharacter = -1;
        if (escape != null) {
            if (escape.codePointCount(0, escape.length()) != 1) {
                throw new ExpressionException("LIKE escape must be one character, not '" + escape + "', in " + text);
            }
            escapeCharacter = escape.codePointAt(0);
        }
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        // The pattern's shape: L for a run of literal characters, % and _ for the wildcards.
        StringBuilder shape = new StringBuilder();
        int index = 0;
        while (index < pattern.length()) {
            int c = pattern.codePointAt(index);
            index += Character.charCount(c);
            if (c == escapeCharacter) {
                if (index >= pattern.length()) {
                    throw new ExpressionException("LIKE pattern '" + pattern + "' ends with the escape character in "
                            + text);
                }
                c = pattern.codePointAt(index);
                index += Character.charCount(c);
                if (c != '%' && c != '_' && c != escapeCharacter) {
                    throw new ExpressionException("invalid escape sequence in LIKE pattern '" + pattern + "' in "
                            + text);
                }
            } else if (c == '%' || c == '_') {
                regex.append(c == '%' ? ".*" : ".");
                shape.append((char) c);
                continue;
            }
            regex.append(Pattern.quote(new String(Character.toChars(c))));
            literal.appendCodePoint(c);
            if (shape.length() == 0 || shape.charAt(shape.length() - 1) != 'L') {
                shape.append('L');
            }
        }
        String plain = literal.toString();
        return switch (shape.toString()) {
            case "", "L" -> new Matcher(Shape.EQUALS, plain, null);
            case "L%" -> new Matcher(Shape.STARTS_WITH, plain, null);
            case "%L" -> new Matcher(Shape.ENDS_WITH, plain, null);
            case "%", "%L%" -> new Matcher(Shape.CONTAINS, plain, null);
            default -> new Matcher(Shape.REGEX, null, Pattern.compile(regex.toString(), Pattern.DOTALL));
        };
    }

    @Override
    public Column evaluate(EvaluationContext context, int[] selection, int count) {
        Column values = value.evaluate(context, selection, count);
        Column patterns = constantMatcher == null ? pattern.evaluate(context, selection, count) : null;
        Column escapes = constantMatcher == null && escape != null ? escape.evaluate(context, selection, count) : null;
        Column result = context.column(slot(), Storage.BOOLEAN);
        result.reset(count);
        result.copyNullsFrom(values, count);
        if (patterns != null && patterns.hasNulls || escapes != null && escapes.hasNulls) {
            result.ensureNullFlags();
            for (int i = 0; i < count; i++) {
                result.nulls[i] |= patterns.isNull(i) || (escapes != null && escapes.isNull(i));
            }
        }
        boolean hasNulls = result.hasNulls;
        boolean[] nulls = result.nulls;
        boolean[] out = result.booleans;
        if (constantMatcher != null) {
            Matcher matcher = constantMatcher;
            for (int i = 0; i < count; i++) {
                out[i] = !(hasNulls && nulls[i]) && matcher.matches(values.strings[i]);
            }
            return result;
        }
        Matcher matcher = null;
        String lastPattern = null;
        String lastEscape = null;
        for (int i = 0; i < count; i++) {
            if (hasNulls && nulls[i]) {
                out[i] = false;
                continue;
            }
            String rowPattern = patterns.strings[i];
            String rowEscape = escapes == null ? null : escapes.strings[i];
            if (matcher == null || !rowPattern.equals(lastPattern) || !java.util.Objects.equals(rowEscape, lastEscape)) {
                matcher = compile(rowPattern, rowEscape, text());
                lastPattern = rowPattern;
                lastEscape = rowEscape;
            }
            out[i] = matcher.matches(values.strings[i]);
        }
        return result;
    }
}
